using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>A step with the readable hand-written gradients (<see cref="ManualBackprop"/>) and update, as the articles derive them.</summary>
public sealed class ManualStep : ParameterStep
{
    private readonly double learningRate;

    /// <summary>Creates the step for <paramref name="model"/>: it follows <paramref name="loss"/> and reports <paramref name="reported"/>.</summary>
    public ManualStep(BackpropModel model, Loss loss, Loss reported, double learningRate) : base(model, loss, reported) =>
        this.learningRate = learningRate;

    /// <inheritdoc />
    public override void Step(int batch, Tensor x, Tensor y, Tensor loss)
    {
        var (prediction, gradients) = ManualBackprop.Run(Model, x, y, Loss);   // Ŷ, ∂L/∂θ
        loss.copy_(Reported.Value(prediction, y));
        GradientDescent.Apply(gradients, learningRate);                        // θ ← θ − η·∂L/∂θ
    }
}

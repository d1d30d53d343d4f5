using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>A step with hand-written gradients and the hand-written update, as the articles derive them.</summary>
public sealed class ManualStep : ITrainingStep
{
    private readonly BackpropModel model;
    private readonly Loss loss;
    private readonly double learningRate;

    /// <summary>Creates the step for <paramref name="model"/>.</summary>
    public ManualStep(BackpropModel model, Loss loss, double learningRate) => (this.model, this.loss, this.learningRate) = (model, loss, learningRate);

    /// <inheritdoc />
    public Tensor Step(Tensor x, Tensor y)
    {
        var (prediction, gradients) = ManualBackprop.Run(model, x, y, loss);   // Ŷ, ∂L/∂θ
        GradientDescent.Apply(gradients, learningRate);                           // θ ← θ − η·∂L/∂θ
        return prediction;
    }
}

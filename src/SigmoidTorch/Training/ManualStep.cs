using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// The readable manual step, as the articles derive it: the gradients by hand (<see cref="NetworkBackprop"/>,
/// <see cref="NeuronBackprop"/>, <see cref="DeepBackprop"/>), then plain gradient descent θ ← θ − η·∂L/∂θ (no momentum, no weight decay).
/// </summary>
public sealed class ManualStep : ITrainingStep
{
    private readonly BackpropModel model;
    private readonly Loss loss, reported;
    private readonly double learningRate;

    /// <summary>Creates the step for <paramref name="model"/>: it follows <paramref name="loss"/> with η = <paramref name="learningRate"/> and reports <paramref name="reported"/>.</summary>
    public ManualStep(BackpropModel model, Loss loss, Loss reported, double learningRate)
    {
        (this.model, this.loss, this.reported, this.learningRate) = (model, loss, reported, learningRate);
        Parameters = model.parameters().ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <inheritdoc />
    public void Step(Tensor x, Tensor y, Tensor reportedLoss)
    {
        using var scope = NewDisposeScope();                                           // frees this step's tensors

        // Gradients by hand.
        var (logits, prediction, gradients) = ManualBackprop.Run(model, x, y, loss);   // Z, Ŷ, ∂L/∂θ
        reportedLoss.copy_(reported.Value(logits, prediction, y));                     // the loss before the update

        // Then plain gradient descent, η in float64.
        using var noAutograd = no_grad();
        foreach (var (_, theta, dL_dtheta) in gradients)
            theta.sub_(dL_dtheta.Times(learningRate));                                 // θ ← θ − η·∂L/∂θ
    }
}

using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// The readable manual step, as the articles derive it: the gradients by hand (<see cref="NetworkBackprop"/>,
/// <see cref="NeuronBackprop"/>, <see cref="DeepBackprop"/>), then the <see cref="Optimizer"/>'s update: by default plain
/// gradient descent θ ← θ − η·∂L/∂θ (no momentum, no weight decay), or momentum, Nesterov, RMSProp, Adam, AdamW.
/// </summary>
public sealed class ManualStep : ITrainingStep, IDisposable
{
    private readonly BackpropModel model;
    private readonly Loss loss, reported;
    private readonly double learningRate;
    private readonly Dictionary<string, OptimizerState> states;

    /// <summary>
    /// Creates the step for <paramref name="model"/>: it follows <paramref name="loss"/> with η = <paramref name="learningRate"/>
    /// and <paramref name="optimizer"/>'s update (plain gradient descent when null) and reports <paramref name="reported"/>.
    /// </summary>
    public ManualStep(BackpropModel model, Loss loss, Loss reported, double learningRate, Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        (this.model, this.loss, this.reported, this.learningRate) = (model, loss, reported, learningRate);
        Parameters = model.parameters().ToArray();
        var update = optimizer ?? Optimizer.Sgd;
        states = model.named_parameters().ToDictionary(p => p.name, p => update.Start(p.parameter));
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

        // Then the optimizer's update (plain gradient descent: θ ← θ − η·∂L/∂θ), η in float64.
        using var noAutograd = no_grad();
        foreach (var (name, theta, dL_dtheta) in gradients)
            states[name].Update(theta, dL_dtheta, learningRate);
    }

    /// <summary>Frees what the optimizer remembers (velocities, moments).</summary>
    public void Dispose()
    {
        foreach (var state in states.Values) state.Dispose();
    }
}

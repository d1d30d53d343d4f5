using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// A step with libtorch's autograd and the update of <c>torch.optim.SGD</c> (no momentum, no weight decay): the
/// gradients from <c>loss.backward()</c>, then θ ← θ + (−η)·∂L/∂θ as <c>SGD.step()</c> computes it,
/// <c>param.add_(grad, alpha: −η)</c>. The step makes that α itself, a <see cref="Scalar"/> it owns: TorchSharp 0.107's
/// <c>SGD.step()</c> converts −η to a Scalar it leaves to the garbage collector, which may free it while libtorch still
/// reads it (docs/native-objects.md). A test holds this update to <c>SGD.step()</c> bit for bit.
/// </summary>
public sealed class AutogradStep : ITrainingStep, IDisposable
{
    private readonly BackpropModel model;
    private readonly Loss loss, reported;
    private readonly Scalar alpha;

    /// <summary>Creates the step for <paramref name="model"/>: it follows <paramref name="loss"/> with η = <paramref name="learningRate"/> and reports <paramref name="reported"/>.</summary>
    public AutogradStep(BackpropModel model, Loss loss, Loss reported, double learningRate)
    {
        (this.model, this.loss, this.reported) = (model, loss, reported);
        Parameters = model.parameters().ToArray();
        alpha = (-learningRate).ToScalar();
    }

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <inheritdoc />
    public void Step(Tensor x, Tensor y, Tensor reportedLoss)
    {
        using var scope = NewDisposeScope();     // frees this step's tensors
        foreach (var theta in Parameters)
            theta.grad?.zero_();                                                        // optimizer.zero_grad()
        var logits = model.Logits(x);
        var prediction = model.OutputActivation.Apply(logits);
        loss.Value(logits, prediction, y).backward();                                   // ∂L/∂θ by autograd
        using (no_grad())
        {
            reportedLoss.copy_(reported.Value(logits, prediction, y));
            foreach (var theta in Parameters)
                if (theta.grad is { } dL_dtheta)
                    theta.add_(dL_dtheta, alpha);                                       // θ ← θ + (−η)·∂L/∂θ, SGD.step()'s update
        }
        GC.KeepAlive(this);                                                             // and so α, until the last update returns
    }

    /// <summary>Frees α.</summary>
    public void Dispose() => alpha.Dispose();
}

using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>A step with libtorch's autograd and <c>torch.optim.SGD</c> (no momentum, no weight decay).</summary>
public sealed class AutogradStep : ITrainingStep
{
    private readonly BackpropModel model;
    private readonly Loss loss, reported;
    private readonly optim.Optimizer optimizer;

    /// <summary>Creates the step and its optimizer for <paramref name="model"/>: it follows <paramref name="loss"/> with η = <paramref name="learningRate"/> and reports <paramref name="reported"/>.</summary>
    public AutogradStep(BackpropModel model, Loss loss, Loss reported, double learningRate)
    {
        (this.model, this.loss, this.reported) = (model, loss, reported);
        Parameters = model.parameters().ToArray();
        optimizer = optim.SGD(model.parameters(), learningRate, momentum: 0, dampening: 0, weight_decay: 0);
    }

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <inheritdoc />
    public void Step(Tensor x, Tensor y, Tensor reportedLoss)
    {
        using var scope = NewDisposeScope();     // frees this step's tensors
        optimizer.zero_grad();
        var logits = model.Logits(x);
        var prediction = model.OutputActivation.Apply(logits);
        loss.Value(logits, prediction, y).backward();
        using (no_grad())
            reportedLoss.copy_(reported.Value(logits, prediction, y));
        optimizer.step();
    }
}

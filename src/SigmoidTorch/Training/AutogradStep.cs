using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>A step with libtorch's autograd and <c>torch.optim.SGD</c> (no momentum, no weight decay).</summary>
public sealed class AutogradStep : ITrainingStep
{
    private readonly BackpropModel model;
    private readonly Loss loss;
    private readonly Loss reported;
    private readonly TensorBackup backup;
    private readonly optim.Optimizer optimizer;

    /// <summary>Creates the step and its optimizer for <paramref name="model"/>: it follows <paramref name="loss"/> and reports <paramref name="reported"/>.</summary>
    public AutogradStep(BackpropModel model, Loss loss, Loss reported, double learningRate)
    {
        (this.model, this.loss, this.reported) = (model, loss, reported);
        backup = new TensorBackup(model.parameters());
        optimizer = optim.SGD(model.parameters(), learningRate, momentum: 0, dampening: 0, weight_decay: 0);
    }

    /// <inheritdoc />
    public void MarkEpochStart() => backup.Save();

    /// <inheritdoc />
    public bool RevertToEpochStart(bool previousEpoch) => backup.Restore(previousEpoch);

    /// <inheritdoc />
    public void WriteWeightSum(Tensor sum)
    {
        using var noGrad = no_grad();
        sum.copy_(stack(model.parameters().Select(p => p.sum()).ToArray()).sum().reshape(sum.shape));
    }

    /// <inheritdoc />
    public void Dispose() => backup.Dispose();

    /// <inheritdoc />
    public void Step(int batch, Tensor x, Tensor y, Tensor loss)
    {
        optimizer.zero_grad();
        var prediction = model.forward(x);
        this.loss.Value(prediction, y).backward();
        using (no_grad())
            loss.copy_(reported.Value(prediction, y));
        optimizer.step();
    }
}

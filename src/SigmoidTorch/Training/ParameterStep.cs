using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// What the steps that update the model's own parameters share (the readable manual step and autograd): the loss they
/// follow and the one they report, and the weights of the last two epoch starts to fall back on.
/// </summary>
public abstract class ParameterStep : ITrainingStep
{
    private readonly TensorBackup backup;

    /// <summary>Sets up the step for <paramref name="model"/>: it follows <paramref name="loss"/> and reports <paramref name="reported"/>.</summary>
    protected ParameterStep(BackpropModel model, Loss loss, Loss reported)
    {
        (Model, Loss, Reported) = (model, loss, reported);
        backup = new TensorBackup(model.parameters());
    }

    /// <summary>The model trained.</summary>
    protected BackpropModel Model { get; }

    /// <summary>The loss whose gradient the step follows.</summary>
    protected Loss Loss { get; }

    /// <summary>The loss the step reports.</summary>
    protected Loss Reported { get; }

    /// <inheritdoc />
    public abstract void Step(int batch, Tensor x, Tensor y, Tensor loss);

    /// <inheritdoc />
    public void MarkEpochStart() => backup.Save();

    /// <inheritdoc />
    public bool RevertToEpochStart(bool previousEpoch) => backup.Restore(previousEpoch);

    /// <inheritdoc />
    public void WriteWeightSum(Tensor sum)
    {
        using var noGrad = no_grad();
        sum.copy_(stack(Model.parameters().Select(p => p.sum()).ToArray()).sum().reshape(sum.shape));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        backup.Dispose();
        GC.SuppressFinalize(this);
    }
}

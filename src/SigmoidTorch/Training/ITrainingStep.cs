using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// One gradient-descent step on one mini-batch: what differs between trainers. <see cref="Trainer.Fit"/> does the rest
/// (epochs, batches, losses, callbacks, and the divergence rule over <see cref="Parameters"/>), and disposes a step
/// that is <see cref="IDisposable"/>. A step that keeps its own copy of the weights also implements
/// <see cref="IBufferedStep"/>.
/// </summary>
public interface ITrainingStep
{
    /// <summary>
    /// The tensors θ the step updates, contiguous: what <see cref="Trainer.Fit"/> backs up at every epoch start and
    /// sums after every epoch to catch weights that are no longer finite.
    /// </summary>
    IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>
    /// Updates <see cref="Parameters"/> from the mini-batch (<paramref name="x"/>, <paramref name="y"/>) and writes the
    /// batch's reported loss, computed before the update, into the one-element tensor <paramref name="reportedLoss"/>.
    /// </summary>
    void Step(Tensor x, Tensor y, Tensor reportedLoss);
}

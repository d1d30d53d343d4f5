using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// One gradient-descent step on one mini-batch: what differs between trainers. <see cref="Trainer.Fit"/> does the rest
/// (epochs, batches, losses, callbacks, and the divergence rule over <see cref="Parameters"/>), and disposes a step
/// that is <see cref="IDisposable"/>. The readable steps update the model itself; a step that keeps its own copy of the
/// weights, laid out for speed (the fast path's fused step), also uses <see cref="BeginEpoch"/> and <see cref="SyncModel"/>.
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
    /// Tensors it allocates are its own to free (the readable steps free them under a dispose scope of their own).
    /// </summary>
    void Step(Tensor x, Tensor y, Tensor reportedLoss);

    /// <summary>Called before the first step of every epoch, with that epoch's batches (the only ones it then takes); nothing to do for the readable steps.</summary>
    void BeginEpoch(IReadOnlyList<(Tensor X, Tensor Y)> batches)
    {
    }

    /// <summary>Writes the step's weights into the model's parameters, where it keeps a copy of its own; nothing to do for the readable steps.</summary>
    void SyncModel()
    {
    }
}

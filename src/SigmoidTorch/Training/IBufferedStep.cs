using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// A step that works in buffers of its own (the fused step, <see cref="Fast.FusedNetworkStep"/>): it updates its own
/// copy of the weights, laid out for speed, prepares the batches it is given before their steps, and allocates no
/// tensor in <see cref="ITrainingStep.Step"/> (so <see cref="Trainer.Fit"/> runs its steps without a dispose scope each).
/// </summary>
public interface IBufferedStep : ITrainingStep, IDisposable
{
    /// <summary>Prepares <paramref name="batches"/> (called before the first step of every epoch, with that epoch's batches); the step then takes only these.</summary>
    void Prepare(IReadOnlyList<(Tensor X, Tensor Y)> batches);

    /// <summary>Writes the step's weights back into the model's parameters.</summary>
    void SyncModel();
}

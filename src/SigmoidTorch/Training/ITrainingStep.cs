using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>One gradient-descent step on one mini-batch: the only thing that differs between trainers.</summary>
public interface ITrainingStep : IDisposable
{
    /// <summary>False when a step allocates no tensors, so the loop can skip its per-step dispose scope.</summary>
    bool AllocatesPerStep => true;

    /// <summary>Called before the first step of every epoch with that epoch's batches (a step may prepare buffers for them).</summary>
    void BeginEpoch(IReadOnlyList<(Tensor X, Tensor Y)> batches) { }

    /// <summary>
    /// Updates the parameters from batch number <paramref name="batch"/> (<paramref name="x"/>, <paramref name="y"/>) and
    /// writes the batch's reported loss, computed before the update, into the one-element tensor <paramref name="loss"/>.
    /// </summary>
    void Step(int batch, Tensor x, Tensor y, Tensor loss);

    /// <summary>Remembers the current weights (called at the start of every epoch); the ones remembered before are kept one epoch longer.</summary>
    void MarkEpochStart();

    /// <summary>
    /// Goes back, in the model too, to the weights of the last <see cref="MarkEpochStart"/>, or of the one before when
    /// <paramref name="previousEpoch"/> (and there was one). Returns whether the one before was used.
    /// </summary>
    bool RevertToEpochStart(bool previousEpoch);

    /// <summary>Writes Σ of all the weights into the one-element tensor <paramref name="sum"/>: NaN or ±∞ exactly when some weight is (or they overflow).</summary>
    void WriteWeightSum(Tensor sum);

    /// <summary>Makes the model's parameters current (a step that keeps its own copy of the weights writes them back).</summary>
    void Sync() { }
}

namespace SigmoidTorch.Training;

/// <summary>The loss became NaN or infinite. The model holds the last weights whose loss was finite (see <see cref="Trainer"/>).</summary>
public sealed class TrainingDivergedException : SigmoidTorchException
{
    /// <summary>Creates the exception for epoch <paramref name="epoch"/>, batch <paramref name="batch"/> (both from 0).</summary>
    public TrainingDivergedException(int epoch, int batch, double loss, TrainingHistory history)
        : base($"training diverged: the loss became {loss} at epoch {epoch + 1}, step {batch + 1} of that epoch; "
             + $"the model keeps the weights from the start of epoch {epoch + 1} (try a smaller learning rate)")
    {
        Epoch = epoch;
        Batch = batch;
        History = history;
    }

    /// <summary>Epoch index (from 0) of the first non-finite loss.</summary>
    public int Epoch { get; }

    /// <summary>Batch index (from 0) within that epoch.</summary>
    public int Batch { get; }

    /// <summary>The history up to the last finite epoch.</summary>
    public TrainingHistory History { get; }
}

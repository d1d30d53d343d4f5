namespace SigmoidTorch.Training;

/// <summary>
/// Training diverged: the loss became NaN or infinite, or the weights did. The model holds finite weights whose loss
/// was finite: those at the start of epoch <see cref="KeptEpoch"/> (see <see cref="Trainer.Fit"/>).
/// </summary>
public sealed class TrainingDivergedException : SigmoidTorchException
{
    /// <summary>
    /// Creates the exception for a non-finite loss at epoch <paramref name="epoch"/>, batch <paramref name="batch"/>
    /// (both from 0); the model keeps the weights from the start of that epoch.
    /// </summary>
    public TrainingDivergedException(int epoch, int batch, double loss, TrainingHistory history)
        : this(epoch, batch, loss, history, epoch, 0)
    {
    }

    /// <summary>
    /// Creates the exception for a non-finite loss at epoch <paramref name="epoch"/>, batch <paramref name="batch"/>
    /// (both from 0), step <paramref name="step"/> of the whole run (from 1; 0 when unknown); the model keeps the weights
    /// from the start of epoch <paramref name="keptEpoch"/>.
    /// </summary>
    public TrainingDivergedException(int epoch, int batch, double loss, TrainingHistory history, int keptEpoch, long step)
        : base($"training diverged: the loss became {loss} at epoch {epoch + 1}, step {batch + 1} of that epoch"
             + (step > 0 ? $" (step {step} of the run)" : "") + "; " + Kept(epoch, batch, keptEpoch))
    {
        (Epoch, Batch, Loss, History, KeptEpoch) = (epoch, batch, loss, history, keptEpoch);
    }

    private TrainingDivergedException(string message, int epoch, int batch, TrainingHistory history)
        : base(message)
    {
        (Epoch, Batch, Loss, History, KeptEpoch) = (epoch, batch, double.NaN, history, epoch);
    }

    /// <summary>
    /// The exception for weights that became NaN or infinite during epoch <paramref name="epoch"/> (from 0), in steps
    /// <paramref name="firstStep"/> to <paramref name="lastStep"/> of the run (from 1), while every loss stayed finite
    /// (saturated units hide the damage from the loss); the model keeps the weights from the start of that epoch.
    /// </summary>
    public static TrainingDivergedException WeightsNotFinite(int epoch, int batches, long firstStep, long lastStep, TrainingHistory history) =>
        new($"training diverged: the weights became NaN or infinite in epoch {epoch + 1} "
            + (firstStep == lastStep ? $"(step {firstStep} of the run)" : $"(steps {firstStep} to {lastStep} of the run)")
            + $" though every loss was finite (saturated units hide it); the model keeps the weights from the start of epoch {epoch + 1} (try a smaller learning rate)",
            epoch, batches - 1, history);

    /// <summary>Epoch index (from 0) where training diverged.</summary>
    public int Epoch { get; }

    /// <summary>Batch index (from 0) within that epoch of the first non-finite loss (for diverged weights: the epoch's last batch).</summary>
    public int Batch { get; }

    /// <summary>The first non-finite loss (NaN when the weights diverged while the loss stayed finite).</summary>
    public double Loss { get; }

    /// <summary>The epoch (from 0) whose starting weights the model was given back.</summary>
    public int KeptEpoch { get; }

    /// <summary>The losses of the epochs that completed before the divergence.</summary>
    public TrainingHistory History { get; }

    private static string Kept(int epoch, int batch, int keptEpoch) => epoch == 0 && batch == 0
        ? "the model keeps its starting weights, whose loss was not finite either (try a smaller learning rate or smaller starting weights)"
        : $"the model keeps the weights from the start of epoch {keptEpoch + 1}, the last whose loss was finite (try a smaller learning rate)";
}

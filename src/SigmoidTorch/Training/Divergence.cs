namespace SigmoidTorch.Training;

/// <summary>
/// The divergence rule, one for every training loop (<see cref="Trainer.Fit"/> and the fast path's sweeps): a run has
/// diverged at its first loss that is NaN or ±∞. <see cref="Trainer.Fit"/> also holds the sum of the weights to it,
/// which catches weights that overflow while the loss, saturated, stays finite.
/// </summary>
public static class Divergence
{
    /// <summary>Whether <paramref name="value"/> (a loss, or the sum of the weights) says the run has diverged: NaN or ±∞.</summary>
    public static bool Diverged(double value) => !double.IsFinite(value);

    /// <summary>The index of the first value that has <see cref="Diverged"/>, or −1 when none has.</summary>
    public static int First(ReadOnlySpan<double> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (Diverged(values[i])) return i;
        return -1;
    }
}

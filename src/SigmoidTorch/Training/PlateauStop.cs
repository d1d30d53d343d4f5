namespace SigmoidTorch.Training;

/// <summary>
/// A rule that ends training when the loss stops falling. After every epoch from the 2·<see cref="Window"/>-th on,
/// the mean epoch loss of the last <see cref="Window"/> epochs is compared with the mean of the <see cref="Window"/>
/// epochs before them; when the recent mean is not at least <see cref="MinDecrease"/> (a fraction) below the earlier
/// one, the loss has stopped falling and <see cref="Trainer.Fit"/> ends the run there. Means over windows look through
/// the jitter of one-sample updates, where single epochs go up and down by chance.
/// </summary>
/// <param name="Window">Epochs per window, at least 1.</param>
/// <param name="MinDecrease">The least relative decrease that counts as falling, in [0, 1): 0.01 is 1%.</param>
public sealed record PlateauStop(int Window, double MinDecrease)
{
    /// <summary>Throws a one-line <see cref="SigmoidTorchException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (Window < 1) throw new SigmoidTorchException($"the plateau window must be at least 1 epoch, got {Window}");
        if (!(MinDecrease >= 0 && MinDecrease < 1))
            throw new SigmoidTorchException($"the plateau's least decrease must be a fraction in [0, 1), got {MinDecrease}");
    }

    /// <summary>
    /// Whether <paramref name="epochLosses"/> (one per epoch so far) have stopped falling by this rule: the plateau,
    /// with both windows' means, or null while the loss still falls or fewer than 2·<see cref="Window"/> epochs ran.
    /// </summary>
    public Plateau? Check(IReadOnlyList<double> epochLosses)
    {
        ArgumentNullException.ThrowIfNull(epochLosses);
        int n = epochLosses.Count;
        if (n < 2L * Window) return null;               // long: a window near int.MaxValue must not wrap round
        double recent = Mean(epochLosses, n - Window, n), earlier = Mean(epochLosses, n - 2 * Window, n - Window);
        return recent > earlier * (1 - MinDecrease) ? new Plateau(n, earlier, recent, this) : null;
    }

    private static double Mean(IReadOnlyList<double> values, int from, int to)
    {
        double sum = 0;
        for (int i = from; i < to; i++) sum += values[i];
        return sum / (to - from);
    }
}

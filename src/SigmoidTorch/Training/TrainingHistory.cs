namespace SigmoidTorch.Training;

/// <summary>The losses of a training run.</summary>
public sealed class TrainingHistory
{
    /// <summary>One loss per epoch: the mean of that epoch's step losses (as seed 001's <c>np.average(epochLoss)</c>).</summary>
    public List<double> EpochLosses { get; } = new();

    /// <summary>The reported loss of every step, computed on the step's batch before its update.</summary>
    public List<double> StepLosses { get; } = new();

    /// <summary>Where <see cref="TrainingOptions.StopOnPlateau"/> ended the run early, or null when every epoch ran.</summary>
    public Plateau? Plateau { get; internal set; }

    /// <summary>The last epoch's loss (NaN when no epoch ran).</summary>
    public double FinalLoss => EpochLosses.Count > 0 ? EpochLosses[^1] : double.NaN;
}

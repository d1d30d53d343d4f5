using System.Diagnostics;

namespace SigmoidTorch.Cli.Progress;

/// <summary>
/// One stage of long work (training, drawing frames, encoding a GIF, ...) with a known amount of units to do. Report
/// how many are done; the stage ends when all are done or when it is disposed, whichever comes first. Made by
/// <see cref="ProgressDisplay.Start"/>.
/// </summary>
public abstract class ProgressStage : IDisposable
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    /// <summary>Creates a stage of <paramref name="total"/> units of <paramref name="unit"/>, named <paramref name="label"/>.</summary>
    protected ProgressStage(string label, long total, string unit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        (Label, Total, Unit) = (label, total, unit);
    }

    /// <summary>What the stage does ("training", "encoding training.gif").</summary>
    public string Label { get; }

    /// <summary>How many units the stage has in all.</summary>
    public long Total { get; }

    /// <summary>What a unit is ("epochs", "frames"), for the count and the rate.</summary>
    public string Unit { get; }

    /// <summary>How many units are done.</summary>
    public long Done { get; private set; }

    /// <summary>Whether the stage has ended (all done, or disposed).</summary>
    public bool Ended { get; private set; }

    /// <summary>Time since the stage started.</summary>
    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>
    /// Reports that <paramref name="done"/> units are done (clamped to 0..<see cref="Total"/>), with a short status
    /// such as the current loss. Reaching <see cref="Total"/> ends the stage. Cheap enough to call every step.
    /// </summary>
    public void Report(long done, string status = "")
    {
        if (Ended) return;
        Done = Math.Clamp(done, 0, Total);
        Show(status);
        if (Done == Total) End();
    }

    /// <summary>Reports one more unit done.</summary>
    public void Advance(string status = "") => Report(Done + 1, status);

    /// <summary>Ends the stage where it is (all done or not).</summary>
    public void Dispose()
    {
        End();
        GC.SuppressFinalize(this);
    }

    /// <summary>Shows <see cref="Done"/> of <see cref="Total"/> with <paramref name="status"/>.</summary>
    protected abstract void Show(string status);

    /// <summary>Takes the stage off the display; called once.</summary>
    protected abstract void Finish();

    private void End()
    {
        if (Ended) return;
        Ended = true;
        clock.Stop();
        Finish();
    }
}

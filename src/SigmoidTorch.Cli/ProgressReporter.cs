using System.Diagnostics;

namespace SigmoidTorch.Cli;

/// <summary>
/// Shows progress of long work on stderr: an updating line on a terminal, otherwise a line at every tenth of the
/// work. Never writes to stdout.
/// </summary>
public sealed class ProgressReporter
{
    private readonly string label;
    private readonly int total;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly bool terminal = !Console.IsErrorRedirected;
    private TimeSpan lastDraw = TimeSpan.MinValue;
    private int lastTenth = -1;

    /// <summary>Creates the reporter.</summary>
    public ProgressReporter(string label, int total) => (this.label, this.total) = (label, Math.Max(total, 1));

    /// <summary>Reports that <paramref name="done"/> units are done, with a short status (e.g. the loss).</summary>
    public void Report(int done, string status = "")
    {
        RunStatus.Update(label, done, total);
        int tenth = (int)(10L * done / total);
        bool finished = done >= total;
        if (terminal)
        {
            if (!finished && clock.Elapsed - lastDraw < TimeSpan.FromMilliseconds(200)) return;
            lastDraw = clock.Elapsed;
            Console.Error.Write($"\r{label}: {done}/{total} ({100.0 * done / total:F0}%) {status}   ");
            if (finished) Console.Error.WriteLine();
        }
        else if (tenth != lastTenth || finished)
        {
            if (tenth == lastTenth) return;
            lastTenth = tenth;
            Console.Error.WriteLine($"{label}: {done}/{total} ({100.0 * done / total:F0}%) {status} [{clock.Elapsed.TotalSeconds:F1} s]");
        }
    }
}

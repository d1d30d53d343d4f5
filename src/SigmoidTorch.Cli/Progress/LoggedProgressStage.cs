using System.Globalization;

namespace SigmoidTorch.Cli.Progress;

/// <summary>
/// A stage shown as log lines, where stderr is not a terminal that can redraw a bar (redirected, TERM=dumb): one line
/// at each tenth of the work, "label: done/total unit (p%) status [seconds]".
/// </summary>
internal sealed class LoggedProgressStage(TextWriter log, string label, long total, string unit) : ProgressStage(label, total, unit)
{
    private long lastTenth = -1;

    protected override void Show(string status)
    {
        if (Total == 0) return;
        long tenth = 10 * Done / Total;
        if (tenth == lastTenth) return;
        lastTenth = tenth;
        string text = string.IsNullOrEmpty(status) ? "" : $" {status}";
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Label}: {Done}/{Total} {Unit} ({100.0 * Done / Total:F0}%){text} [{Elapsed.TotalSeconds:F1} s]"));
    }

    protected override void Finish()
    {
    }
}

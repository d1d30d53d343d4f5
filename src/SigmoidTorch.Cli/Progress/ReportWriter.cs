using System.Text;

namespace SigmoidTorch.Cli.Progress;

/// <summary>
/// A program's report writer while progress bars may be live on the same terminal: whole lines go above a live bar
/// (through <see cref="ProgressDisplay"/>), or straight to the target when no bar is live. Text is passed on a line
/// at a time while a bar is live (a partial line waits for its end or <see cref="Flush"/>), as it comes otherwise.
/// </summary>
internal sealed class ReportWriter(TextWriter target, ProgressDisplay display) : TextWriter
{
    private readonly StringBuilder line = new();

    public override Encoding Encoding => target.Encoding;

    public override void Write(char value)
    {
        if (line.Length == 0 && display.Current is null)
        {
            target.Write(value);
        }
        else if (value == '\n')
        {
            string text = line.ToString().TrimEnd('\r');
            line.Clear();
            if (!display.TryWriteAbove(text)) target.WriteLine(text);
        }
        else
        {
            line.Append(value);
        }
    }

    public override void Flush()
    {
        if (line.Length > 0)
        {
            target.Write(line.ToString());
            line.Clear();
        }
        target.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }
}

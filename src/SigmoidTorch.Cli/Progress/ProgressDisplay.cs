using System.Runtime.InteropServices;
using Spectre.Console;

namespace SigmoidTorch.Cli.Progress;

/// <summary>
/// Where a program shows the progress of its long stages, always on stderr, never on stdout. On a terminal that can
/// redraw (stderr not redirected, ANSI cursor control, TERM not "dumb") each stage is a live bar drawn with
/// Spectre.Console: done/total, percentage, rate, elapsed and remaining time, status; NO_COLOR drops the colours, a
/// narrower terminal fewer columns (under <see cref="FullWidth"/> characters no rate and elapsed time, under
/// <see cref="CompactWidth"/> only the count and percentage). Anywhere else a stage prints a log line at each tenth of
/// its work. One stage at a time: starting one ends the one before.
/// </summary>
/// <example>
/// <code>
/// using var training = run.Progress.Start("training", config.Epochs, "epochs");
/// var outcome = SineRegression.Run(config, ..., onEpoch: e => training.Report(e.Epoch + 1, $"loss {e.Loss:G6}"));
/// </code>
/// </example>
public sealed class ProgressDisplay
{
    /// <summary>Terminals at least this wide get every column.</summary>
    public const int FullWidth = 110;

    /// <summary>Terminals at least this wide (and narrower than <see cref="FullWidth"/>) get a short bar, the count, percentage, remaining time and status.</summary>
    public const int CompactWidth = 60;

    // Kept alive for the process: they show the cursor again when a signal ends it mid-stage.
    private static readonly List<PosixSignalRegistration> SignalHandlers = [];

    private readonly IAnsiConsole? live;
    private readonly TextWriter log;
    private ProgressStage? current;
    private ProgressStage? filesStage;

    /// <summary>
    /// A display that draws live bars on <paramref name="live"/> when it is given, else writes log lines to
    /// <paramref name="log"/>.
    /// </summary>
    public ProgressDisplay(IAnsiConsole? live, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        (this.live, this.log) = (live, log);
    }

    /// <summary>Whether stages are drawn as live bars (else as log lines).</summary>
    public bool IsLive => live is not null;

    /// <summary>The stage that is running, or null.</summary>
    public ProgressStage? Current => current is { Ended: false } ? current : null;

    /// <summary>The stage started last, running or ended, or null before the first.</summary>
    public ProgressStage? Latest => current;

    /// <summary>The display for this process: live bars when stderr is a terminal that can redraw, else log lines on stderr.</summary>
    public static ProgressDisplay ForStandardError()
    {
        if (Console.IsErrorRedirected || Environment.GetEnvironmentVariable("TERM") is "dumb")
            return new ProgressDisplay(null, Console.Error);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            // Spectre's own guess looks at stdout; the bar is drawn on stderr, which is a terminal here.
            Interactive = InteractionSupport.Yes,
        });
        if (!console.Profile.Capabilities.Ansi) return new ProgressDisplay(null, Console.Error);
        var display = new ProgressDisplay(console, Console.Error);
        // A live bar hides the cursor. A process that ends mid-stage (Ctrl-C, kill, Environment.Exit) would leave it
        // hidden and the next output on the bar's line: end the stage, which shows it and ends the line. The signal's
        // own action follows.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => display.Current?.Dispose();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
            SignalHandlers.Add(PosixSignalRegistration.Create(signal, _ => display.Current?.Dispose()));
        return display;
    }

    /// <summary>
    /// Starts a stage of <paramref name="total"/> units of <paramref name="unit"/> (plural: "epochs", "frames"),
    /// ending the stage before it, if any. Dispose it (a using declaration) so that it ends on an error too.
    /// </summary>
    public ProgressStage Start(string label, long total, string unit)
    {
        current?.Dispose();
        var status = new StatusColumn();
        current = live is not null
            ? new LiveProgressStage(live, label, total, unit, Columns(live.Profile.Width, unit, status), status)
            : new LoggedProgressStage(log, label, total, unit);
        return current;
    }

    /// <summary>
    /// Starts a stage that counts the files the run writes: each <see cref="RunOutput.WriteFile"/> or
    /// <see cref="RunOutput.Wrote"/> while it runs is one unit. For a block that draws <paramref name="total"/> plots.
    /// </summary>
    public ProgressStage StartFiles(string label, int total)
    {
        var stage = Start(label, total, "files");
        filesStage = stage;
        return stage;
    }

    /// <summary>Counts a file written by the run towards the stage of <see cref="StartFiles"/>, if that is the one running.</summary>
    internal void FileWritten()
    {
        if (filesStage is { Ended: false } stage && ReferenceEquals(stage, current)) stage.Advance();
    }

    /// <summary>
    /// Runs <paramref name="work"/> as a stage of <paramref name="total"/> units and returns what it returns; the stage
    /// ends when the work does.
    /// </summary>
    public T Run<T>(string label, long total, string unit, Func<ProgressStage, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var stage = Start(label, total, unit);
        return work(stage);
    }

    /// <summary>
    /// <paramref name="target"/> for a program's report lines, made safe to write to while a bar is live:
    /// when <paramref name="sharesTerminal"/> (the target is the terminal the bar is drawn on), lines written during a
    /// live stage are printed above the bar instead of through it.
    /// </summary>
    public TextWriter Wrap(TextWriter target, bool sharesTerminal) =>
        live is not null && sharesTerminal ? new ReportWriter(target, this) : target;

    /// <summary>Prints <paramref name="line"/> above the live bar; false when no bar is live (the caller writes it itself).</summary>
    internal bool TryWriteAbove(string line)
    {
        if (live is null || Current is null) return false;
        // The line is drawn where the bar was (Spectre moves the bar down a line), over it: pad it so that none of the
        // bar's characters are left at its end. It goes out as one piece: on a terminal narrower than the line the
        // terminal folds it, but no line break is put into it (a path in it stays one line to copy).
        live.Write(new UnbrokenLine(line.PadRight(live.Profile.Width - 1)));
        return true;
    }

    private static ProgressColumn[] Columns(int width, string unit, StatusColumn status) => width switch
    {
        >= FullWidth =>
        [
            new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 20 }, new CountColumn(unit),
            new PercentageColumn(), new RateColumn(unit), new ElapsedTimeColumn(), new RemainingTimeColumn(), status,
        ],
        >= CompactWidth =>
        [
            new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 10 }, new CountColumn(unit),
            new PercentageColumn(), new RemainingTimeColumn(), status,
        ],
        _ => [new TaskDescriptionColumn { Alignment = Justify.Left }, new CountColumn(unit), new PercentageColumn()],
    };
}

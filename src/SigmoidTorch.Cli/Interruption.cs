using System.Diagnostics;
using System.Runtime.InteropServices;
using SigmoidTorch.Data;

namespace SigmoidTorch.Cli;

/// <summary>
/// What a signal that ends a program does (<see cref="Signals"/>: Ctrl-C's SIGINT, SIGTERM, SIGHUP when its terminal
/// closes, SIGQUIT from Ctrl-\, and SIGUSR1 and SIGUSR2, whose default action also ends a process): the first one stops
/// every file write for good (<see cref="AtomicFile.StopAll"/>: a write in progress leaves no file and no partial
/// file), ends the live progress bar (the cursor comes back), prints one line saying where the run stopped and what was
/// and was not saved (where stderr is still open: after SIGHUP the terminal may be gone, and the line with it), and ends
/// the process at once with 128 + the signal's number, as a shell reports a process the signal ended. A second one
/// while that happens kills the process (the system's default action). SIGQUIT leaves no core dump.
/// </summary>
public sealed partial class Interruption : IDisposable
{
    /// <summary>A signal that ends a run: how .NET names it, its number on Linux, and how the run's line says what happened.</summary>
    /// <param name="Signal">The signal as <see cref="PosixSignalRegistration"/> takes it (SIGUSR1 and SIGUSR2, which .NET does not name, by number).</param>
    /// <param name="Number">Its number on Linux (the exit code is 128 + it).</param>
    /// <param name="How">"interrupted (Ctrl-C)", "hung up (SIGHUP: its terminal closed)", ….</param>
    public sealed record Ending(PosixSignal Signal, int Number, string How)
    {
        /// <summary>The exit code of a run this signal ended: 128 + its number.</summary>
        public int ExitCode => 128 + Number;
    }

    /// <summary>The signals a program reports and ends on (SIGINT and SIGTERM only on Windows, where .NET has no others).</summary>
    public static IReadOnlyList<Ending> Signals { get; } = OperatingSystem.IsWindows()
        ? [new(PosixSignal.SIGINT, 2, "interrupted (Ctrl-C)"), new(PosixSignal.SIGTERM, 15, "terminated (SIGTERM)")]
        : [
            new(PosixSignal.SIGINT, 2, "interrupted (Ctrl-C)"),
            new(PosixSignal.SIGTERM, 15, "terminated (SIGTERM)"),
            new(PosixSignal.SIGHUP, 1, "hung up (SIGHUP: its terminal closed)"),
            new(PosixSignal.SIGQUIT, 3, "quit (SIGQUIT, Ctrl-\\)"),
            .. OperatingSystem.IsLinux() ? new Ending[] { new((PosixSignal)10, 10, "stopped by SIGUSR1"), new((PosixSignal)12, 12, "stopped by SIGUSR2") } : [],
        ];

    private readonly string program;
    private readonly Func<RunContext?> run;
    private readonly List<PosixSignalRegistration> registrations = new();
    private int signals;

    /// <summary>Handles <see cref="Signals"/> for <paramref name="program"/> until disposed; <paramref name="run"/> gives its run, once it has one.</summary>
    public Interruption(string program, Func<RunContext?> run)
    {
        this.program = program;
        this.run = run;
        foreach (var ending in Signals)
            registrations.Add(PosixSignalRegistration.Create(ending.Signal, Handle));
    }

    /// <summary>The line printed when the run is stopped by <paramref name="signal"/>, from where it was and what it wrote.</summary>
    public static string Describe(string program, PosixSignal signal, string where, double seconds, IReadOnlyList<string> written)
    {
        string how = Of(signal).How;
        string saved = written.Count == 0 ? "nothing was saved" : $"nothing was saved but the {written.Count} file(s) written before it (the last: {written[^1]})";
        return $"{program}: {how} {where}, {seconds:F1} s into the run; {saved}";
    }

    private static Ending Of(PosixSignal signal) => Signals.FirstOrDefault(s => s.Signal == signal) ?? Signals[0];

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref signals) > 1)
        {
            context.Cancel = false;                  // the second one: the default action, the process ends now
            return;
        }
        context.Cancel = true;
        AtomicFile.StopAll();
        var current = run();
        current?.Output.Progress.Current?.Dispose(); // a live bar: show the cursor again, end its line
        Console.Error.WriteLine(Describe(program, context.Signal, current is null ? "while starting up" : Where(current), Seconds(), Written(current)));
        Console.Error.Flush();
        int code = Of(context.Signal).ExitCode;
        if (OperatingSystem.IsWindows()) Environment.Exit(code);
        // At once, without the exit handlers: libtorch's would tear down its operator registry while the main thread still trains.
        ExitNow(code);
    }

    // Where the run is, for the line: "during training (1234/3000)", "while saving m.ckpt", ….
    private static string Where(RunContext run) => run.Checkpoint.Saving ? $"while saving {run.Checkpoint.Path}"
        : run.Output.Progress.Latest is not { } stage ? "before its first stage"
        : stage.Done < stage.Total ? $"during {stage.Label} ({stage.Done}/{stage.Total})"
        : $"after {stage.Label} ({stage.Total}/{stage.Total})";

    // The main thread may be adding a file to the list right now: copy what is there.
    private static string[] Written(RunContext? run) => run is null ? Array.Empty<string>() : run.Output.Files.ToArray().Where(f => f is not null).ToArray();

    private static double Seconds()
    {
        using var self = Process.GetCurrentProcess();
        return (DateTime.Now - self.StartTime).TotalSeconds;
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void ExitNow(int code);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in registrations) registration.Dispose();
    }
}

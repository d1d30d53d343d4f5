using System.Diagnostics;
using System.Runtime.InteropServices;
using SigmoidTorch.Data;

namespace SigmoidTorch.Cli;

/// <summary>
/// What Ctrl-C (SIGINT) and SIGTERM do to a program: the first one stops every file write for good
/// (<see cref="AtomicFile.StopAll"/>: a write in progress leaves no file and no partial file), ends the live progress
/// bar (the cursor comes back), prints one line saying where the run stopped and what was and was not saved, and ends
/// the process at once with 130 (SIGINT) or 143 (SIGTERM). A second one while that happens kills the process (the
/// system's default action).
/// </summary>
public sealed partial class Interruption : IDisposable
{
    /// <summary>The exit code after Ctrl-C: 128 + SIGINT's number 2, as shells report it.</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>The exit code after SIGTERM: 128 + 15.</summary>
    public const int TerminatedExitCode = 143;

    private readonly string program;
    private readonly Func<RunContext?> run;
    private readonly List<PosixSignalRegistration> registrations = new();
    private int signals;

    /// <summary>Handles SIGINT and SIGTERM for <paramref name="program"/> until disposed; <paramref name="run"/> gives its run, once it has one.</summary>
    public Interruption(string program, Func<RunContext?> run)
    {
        this.program = program;
        this.run = run;
        registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle));
        if (!OperatingSystem.IsWindows()) registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle));
    }

    /// <summary>The line printed when the run is stopped by <paramref name="signal"/>, from where it was and what it wrote.</summary>
    public static string Describe(string program, PosixSignal signal, string where, double seconds, IReadOnlyList<string> written)
    {
        string how = signal == PosixSignal.SIGTERM ? "terminated (SIGTERM)" : "interrupted (Ctrl-C)";
        string saved = written.Count == 0 ? "nothing was saved" : $"nothing was saved but the {written.Count} file(s) written before it (the last: {written[^1]})";
        return $"{program}: {how} {where}, {seconds:F1} s into the run; {saved}";
    }

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
        int code = context.Signal == PosixSignal.SIGTERM ? TerminatedExitCode : InterruptedExitCode;
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

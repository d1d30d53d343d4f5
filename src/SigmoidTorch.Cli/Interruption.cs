using System.Runtime.InteropServices;
using SigmoidTorch.Data;

namespace SigmoidTorch.Cli;

/// <summary>
/// What Ctrl-C (SIGINT) and SIGTERM do to a program: the first one stops every file write for good
/// (<see cref="AtomicFile.StopAll"/>: a write in progress leaves no file and no partial file), prints one line saying
/// where the run stopped and what was and was not saved, and exits with 130 (SIGINT) or 143 (SIGTERM). A second one
/// while that happens kills the process at once (the system's default action).
/// </summary>
public sealed partial class Interruption : IDisposable
{
    /// <summary>The exit code after Ctrl-C: 128 + SIGINT's number 2, as shells report it.</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>The exit code after SIGTERM: 128 + 15.</summary>
    public const int TerminatedExitCode = 143;

    private readonly string program;
    private readonly Func<IReadOnlyList<string>> written;
    private readonly List<PosixSignalRegistration> registrations = new();
    private int signals;

    /// <summary>Handles SIGINT and SIGTERM for <paramref name="program"/> until disposed; <paramref name="written"/> lists the files it has written.</summary>
    public Interruption(string program, Func<IReadOnlyList<string>> written)
    {
        this.program = program;
        this.written = written;
        registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle));
        if (!OperatingSystem.IsWindows()) registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle));
    }

    /// <summary>The line printed when the run is stopped by <paramref name="signal"/>, from where it was and what it wrote.</summary>
    public static string Describe(string program, PosixSignal signal, string stage, double seconds, IReadOnlyList<string> written)
    {
        string how = signal == PosixSignal.SIGTERM ? "terminated (SIGTERM)" : "interrupted (Ctrl-C)";
        string saved = written.Count == 0 ? "nothing was saved" : $"nothing was saved but the {written.Count} file(s) written before it (the last: {written[^1]})";
        return $"{program}: {how} at {stage}, after {seconds:F1} s; {saved}";
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
        if (!Console.IsErrorRedirected) Console.Error.WriteLine();     // end a progress line drawn with \r
        Console.Error.WriteLine(Describe(program, context.Signal, RunStatus.Stage, RunStatus.Seconds, Snapshot()));
        Console.Error.Flush();
        int code = context.Signal == PosixSignal.SIGTERM ? TerminatedExitCode : InterruptedExitCode;
        if (OperatingSystem.IsWindows()) Environment.Exit(code);
        // At once, without the exit handlers: libtorch's would tear down its operator registry while the main thread still trains.
        ExitNow(code);
    }

    // The main thread may be adding a file to the list right now: copy what is there.
    private string[] Snapshot() => written().ToArray().Where(f => f is not null).ToArray();

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void ExitNow(int code);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in registrations) registration.Dispose();
    }
}

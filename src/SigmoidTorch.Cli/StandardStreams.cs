using System.Runtime.InteropServices;
using System.Text;

namespace SigmoidTorch.Cli;

/// <summary>
/// The standard streams of a program, made safe before anything else runs (<see cref="Guard"/>). A stream the program
/// was started without (<c>2&gt;&amp;-</c>, <c>&gt;&amp;-</c>) is opened on /dev/null, so that no file the run opens
/// later gets its number (a checkpoint would otherwise receive the progress lines meant for stderr); a write to a
/// stdout that was closed then fails with "cannot write to stdout: it was closed". The .NET runtime itself may have
/// taken the number before the program starts (on Linux it makes a pipe for its signal handling, and gets the lowest
/// free numbers): such a stream is left to the runtime, and counted as closed, so that nothing is written into the
/// runtime's pipe. A write to stdout that fails (a full
/// disk, /dev/full, a terminal that went away) becomes a <see cref="SigmoidTorchException"/> naming stdout, which the
/// program reports in its one error line. stderr is where failures are told, so a failed write there is dropped: the run
/// goes on, and its exit code still says how it ended.
/// </summary>
internal static partial class StandardStreams
{
    /// <summary>Opens closed standard streams on /dev/null and puts the guards around stdout and stderr (once per process).</summary>
    public static void Guard()
    {
        if (guarded) return;
        guarded = true;
        bool outClosed = false, errClosed = false;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            Closed(0);
            outClosed = Closed(1);
            errClosed = Closed(2);
        }
        Console.SetOut(new GuardedWriter(Console.Out, "stdout", outClosed, dropFailures: false));
        Console.SetError(new GuardedWriter(Console.Error, "stderr", errClosed, dropFailures: true));
        stdoutClosed = outClosed;
    }

    private static bool stdoutClosed;

    /// <summary>
    /// Refuses a run whose stdout was closed when the program started, before it starts: every program writes its
    /// results there, and a run that could only fail at its first line of results would be lost.
    /// </summary>
    public static void RequireStdout()
    {
        if (stdoutClosed)
            throw new UsageException("stdout was closed when the program started (>&-): the results have nowhere to go; send them to a file, or to /dev/null");
    }

    private static bool guarded;

    // Whether the program was started without fd: closed (then it is opened on /dev/null now), or taken by the runtime's own pipe.
    private static bool Closed(int fd)
    {
        if (IsOpen(fd)) return IsRuntimePipe(fd);
        OpenOnDevNull(fd);
        return true;
    }

    // One end of a pipe whose other end this process holds too: the runtime's own (an inherited stream has its other end
    // elsewhere; "2>&1 | cat" gives two numbers for the same end, which is not this).
    private static bool IsRuntimePipe(int fd)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            string? pipe = new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
            if (pipe is null || !pipe.StartsWith("pipe:", StringComparison.Ordinal)) return false;
            int mode = AccessMode(fd);
            foreach (string entry in Directory.GetFileSystemEntries("/proc/self/fd"))
                if (int.TryParse(Path.GetFileName(entry), out int other) && other != fd
                    && new FileInfo(entry).LinkTarget == pipe && AccessMode(other) != mode)
                    return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // no /proc: take the stream as it is
        }
        return false;
    }

    // O_RDONLY, O_WRONLY or O_RDWR of fd, from the octal "flags:" line of /proc/self/fdinfo/fd.
    private static int AccessMode(int fd)
    {
        foreach (string line in File.ReadLines($"/proc/self/fdinfo/{fd}"))
            if (line.StartsWith("flags:", StringComparison.Ordinal))
                return Convert.ToInt32(line["flags:".Length..].Trim(), 8) & 3;
        return -1;
    }

    // Whether fd is open: dup(2) fails with EBADF on a closed one.
    private static bool IsOpen(int fd)
    {
        int copy = Dup(fd);
        if (copy < 0) return Marshal.GetLastPInvokeError() != EBADF;
        Close(copy);
        return true;
    }

    private static void OpenOnDevNull(int fd)
    {
        int opened = Open("/dev/null", ORdWr);
        if (opened < 0 || opened == fd) return;
        Dup2(opened, fd);
        Close(opened);
    }

    private const int EBADF = 9, ORdWr = 2;

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int fd, int to);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    /// <summary>A standard stream's writer whose failures say which stream failed, or are dropped.</summary>
    private sealed class GuardedWriter(TextWriter inner, string name, bool closed, bool dropFailures) : TextWriter
    {
        public override Encoding Encoding => inner.Encoding;

        public override IFormatProvider FormatProvider => inner.FormatProvider;

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string NewLine
        {
            get => inner.NewLine;
            set => inner.NewLine = value;
        }

        public override void Write(char value) => Guarded(() => inner.Write(value));

        public override void Write(string? value)
        {
            if (!string.IsNullOrEmpty(value)) Guarded(() => inner.Write(value));
        }

        public override void Write(char[] buffer, int index, int count)
        {
            if (count > 0) Guarded(() => inner.Write(buffer, index, count));
        }

        public override void WriteLine() => Guarded(inner.WriteLine);

        public override void WriteLine(string? value) => Guarded(() => inner.WriteLine(value));

        public override void Flush()
        {
            if (!closed) Guarded(inner.Flush);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            if (!buffer.IsEmpty) base.Write(buffer);
        }

        private void Guarded(Action write)
        {
            if (closed)
            {
                if (dropFailures) return;
                throw new SigmoidTorchException($"cannot write to {name}: it was closed when the program started");
            }
            try
            {
                write();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (dropFailures) return;
                // .NET words EBADF as "Access to the path is denied"; the inner IOException has the system's own words.
                string reason = e is UnauthorizedAccessException { InnerException: IOException io } ? io.Message : e.Message;
                throw new SigmoidTorchException($"cannot write to {name}: {reason}", e);
            }
        }
    }
}

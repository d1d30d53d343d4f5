using System.Diagnostics;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>FIFOs and device nodes for tests of what programs do with them, made with coreutils' mkfifo and mknod.</summary>
public static class SpecialFiles
{
    /// <summary>Whether this process runs as root (then it may make device nodes, and file permissions do not stop it).</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Makes a FIFO (named pipe) at <paramref name="path"/>.</summary>
    public static string Fifo(string path)
    {
        Run("mkfifo", path);
        return path;
    }

    /// <summary>
    /// A character device that reads zeros without end, as /dev/zero: a copy made with mknod at
    /// <paramref name="path"/> when running as root (so a program that wrongly replaced it would replace only the copy),
    /// else /dev/zero itself (which a process that is not root cannot replace).
    /// </summary>
    public static string ZeroDevice(string path) => Device(path, "/dev/zero", 5);

    /// <summary>A character device that discards what is written, as /dev/null: a copy when root (see <see cref="ZeroDevice"/>), else /dev/null.</summary>
    public static string NullDevice(string path) => Device(path, "/dev/null", 3);

    private static string Device(string path, string system, int minor)
    {
        if (!IsRoot) return system;
        Run("mknod", path, "c", "1", minor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return path;
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {error}");
    }
}

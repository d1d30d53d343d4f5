using System.Diagnostics;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// FIFOs, device nodes, full file systems and folders closed to a user, for tests of what programs do with them, made
/// with coreutils' mkfifo and mknod, util-linux's mount and setpriv.
/// </summary>
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

    /// <summary>
    /// The command-line words that run a program as the user nobody (uid and gid 65534, no groups) where this process
    /// is root, so that a folder root may write can be closed to it; empty where this process is not root (its own
    /// permissions then close folders to it). Null, with <paramref name="why"/>, when root has no setpriv to do it with.
    /// </summary>
    public static IReadOnlyList<string>? AsUnprivilegedUser(out string? why)
    {
        why = null;
        if (!IsRoot) return [];
        if (OnPath("setpriv") is not { } setpriv)
        {
            why = "running a program as a user other than root needs setpriv (util-linux), which is not on PATH";
            return null;
        }
        return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"];
    }

    /// <summary>
    /// Makes <paramref name="path"/> a folder on a 64 KiB tmpfs filled to the last byte, so that writing a file there
    /// fails with "No space left on device"; the returned action unmounts it. Null when a tmpfs cannot be mounted here
    /// (not root, or no mount permission in a container).
    /// </summary>
    public static Action? FullFileSystem(string path)
    {
        Directory.CreateDirectory(path);
        if (!IsRoot || !TryRun("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", path)) return null;
        var chunk = new byte[4096];
        using (var filler = new FileStream(Path.Combine(path, "filler"), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            try
            {
                while (true) filler.Write(chunk);
            }
            catch (IOException)
            {
                // full, as wanted
            }
        }
        return () => TryRun("umount", path);
    }

    /// <summary>Why a full file system cannot be made here, or null when it can (tried once).</summary>
    public static string? NoFullFileSystem => FullFileSystemProbe.Value;

    private static readonly Lazy<string?> FullFileSystemProbe = new(() =>
    {
        string dir = Directory.CreateTempSubdirectory("sigmoidtorch-full-").FullName;
        try
        {
            var unmount = FullFileSystem(Path.Combine(dir, "full"));
            unmount?.Invoke();
            return unmount is null ? "a full file system is made by mounting a small tmpfs, which needs root and mount permission" : null;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    });

    /// <summary>Sets the permissions of <paramref name="path"/> (octal <paramref name="mode"/>, e.g. 0755 as 0x1ED); nothing on Windows.</summary>
    public static void SetMode(string path, int mode)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)mode);
    }

    private static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    private static bool TryRun(string program, params string[] args)
    {
        try
        {
            Run(program, args);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

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

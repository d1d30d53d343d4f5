using System.Runtime.InteropServices;
using System.Text;
using SigmoidTorch.Data;

namespace SigmoidTorch.Cli;

/// <summary>
/// Checks, before a run starts, that every path it will write can take its file, so that no run's work is lost to a
/// target that could have been checked: the path names a regular file or nothing (through a symbolic link only into a
/// folder that exists: <see cref="AtomicFile.Target"/>); each name on it, and the whole path with the temporary file's
/// name (<see cref="AtomicFile.TemporaryPath"/>), is within the file system's limits (255 bytes a name, 4,095 a path);
/// the nearest folder on its way that exists is not in a kernel pseudo file system (/proc, /sys, …); and a file can be
/// created there by this user, which is tried (a file is created and removed at once). What the user got wrong — a
/// path that cannot take a file — is a <see cref="UsageException"/> (exit 2); a machine that cannot take a file now
/// (no space left, an I/O error) a <see cref="SigmoidTorchException"/> (exit 1).
/// </summary>
internal static partial class WriteTargets
{
    /// <summary>The longest path the kernel takes, in bytes, with its terminating NUL (Linux's PATH_MAX).</summary>
    public const int PathMax = 4096;

    /// <summary>The longest name of one file or folder, in bytes, where the file system does not say (Linux's NAME_MAX).</summary>
    public const int NameMax = 255;

    /// <summary>
    /// Checks the file <paramref name="path"/> that <paramref name="flag"/> names (e.g. <c>--save</c>, or <c>--out</c>
    /// for a picture in that folder). <paramref name="tryCreate"/>: also create and remove a file in its folder (a
    /// picture's folder is tried once, as the --out folder).
    /// </summary>
    public static void File(string flag, string path, bool tryCreate = true)
    {
        string full = Refused(flag, () => AtomicFile.Target(path));
        string folder = NearestFolder(flag, path, Path.GetDirectoryName(full) ?? full);
        Within(flag, path, AtomicFile.TemporaryPath(full), full, folder);
        if (tryCreate) TryCreate(flag, path, folder);
    }

    /// <summary>Checks the folder <paramref name="path"/> that <paramref name="flag"/> names (e.g. <c>--out</c>): it exists as a folder or can be made, and takes files.</summary>
    public static void Folder(string flag, string path)
    {
        var kind = FileStatus.Of(path).Kind;
        if (kind == FileKind.Missing && FileStatus.Of(path, followLinks: false).Kind == FileKind.SymbolicLink)
            throw new UsageException($"{flag} '{Show(path)}' is a symbolic link to '{new FileInfo(path).LinkTarget}', which does not exist "
                                     + "(folders are made on the path as given, never behind a symbolic link)");
        if (kind is not (FileKind.Missing or FileKind.Directory))
            throw new UsageException($"{flag} '{Show(path)}' is {FileStatus.Describe(kind)}, not a folder");
        string full = Path.GetFullPath(path);
        string folder = NearestFolder(flag, path, full);
        Within(flag, path, AtomicFile.TemporaryPath(Path.Combine(full, "file")), full, folder);
        TryCreate(flag, path, folder);
    }

    // The nearest folder on the way to dir that exists (dir itself when it does), which must be a folder.
    private static string NearestFolder(string flag, string path, string dir)
    {
        string folder = dir;
        while (FileStatus.Of(folder).Kind == FileKind.Missing && Path.GetDirectoryName(folder) is { } above) folder = above;
        var kind = FileStatus.Of(folder).Kind;
        if (kind != FileKind.Directory)
            throw new UsageException($"{flag}: cannot write '{Show(path)}': '{Show(folder)}' is {FileStatus.Describe(kind)}{(kind == FileKind.Inaccessible ? "" : ", not a folder")}");
        return folder;
    }

    // Every name on the path within the file system's limit, and the longest path written (the target's, or its temporary file's) within PATH_MAX.
    private static void Within(string flag, string path, string temporary, string full, string folder)
    {
        var (type, nameMax) = FileSystemOf(folder);
        if (PseudoFileSystems.TryGetValue(type, out string? pseudo))
            throw new UsageException($"{flag}: cannot write '{Show(path)}': '{folder}' is on {pseudo}, a pseudo file system of the kernel's, where no file can be saved");
        string[] names = full.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        foreach (string name in names)
        {
            int bytes = Encoding.UTF8.GetByteCount(name);
            if (bytes > nameMax)
                throw new UsageException($"{flag}: cannot write '{Show(path)}': {(ReferenceEquals(name, names[^1]) ? "its name" : $"the folder name '{Show(name)}' on its way")} "
                                         + $"is {bytes:N0} bytes long, more than the {nameMax:N0} a name may have here");
        }
        int longest = Math.Max(Encoding.UTF8.GetByteCount(full), Encoding.UTF8.GetByteCount(temporary));
        if (longest >= PathMax)
            throw new UsageException($"{flag}: cannot write '{Show(path)}': its full path is {longest:N0} bytes long (with the temporary file it is written to first), "
                                     + $"more than the {PathMax - 1:N0} a path may have");
    }

    // Creates a file in folder and removes it again: the one test that holds for every reason a folder may refuse files.
    private static void TryCreate(string flag, string path, string folder)
    {
        string probe = AtomicFile.TemporaryPath(Path.Combine(folder, "probe"));
        try
        {
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (UnauthorizedAccessException)
        {
            string who = Environment.UserName is { } user && user != "root" ? $" (as user {user})" : "";
            throw new UsageException($"{flag}: cannot write '{Show(path)}': no permission to create files in '{Show(folder)}'{who}");
        }
        catch (IOException e) when (e.HResult == EROFS)
        {
            throw new UsageException($"{flag}: cannot write '{Show(path)}': '{Show(folder)}' is on a read-only file system");
        }
        catch (IOException e)
        {
            throw new SigmoidTorchException($"{flag}: cannot write '{Show(path)}': no file can be created in '{Show(folder)}' now ({Reason(e)})", e);
        }
    }

    private static string Refused(string flag, Func<string> check)
    {
        try
        {
            return check();
        }
        catch (SigmoidTorchException e)
        {
            throw new UsageException($"{flag}: {e.Message}", e);
        }
    }

    /// <summary>A path as a message shows it: whole up to 120 characters, else its first and last 50 around an ellipsis.</summary>
    public static string Show(string path) => path.Length <= 120 ? path : $"{path[..50]}…{path[^50..]} ({path.Length:N0} characters)";

    // What the system said, without the file name .NET appends ("No space left on device : '/x/.probe.1f….tmp'").
    private static string Reason(Exception e) => e.Message.IndexOf(" : '", StringComparison.Ordinal) is > 0 and var end ? e.Message[..end] : e.Message;

    private const int EROFS = 30;

    // f_type of statfs(2) for the kernel's pseudo file systems, which hold no files of a user's.
    private static readonly Dictionary<long, string> PseudoFileSystems = new()
    {
        [0x9fa0] = "proc", [0x62656572] = "sysfs", [0x27e0eb] = "cgroup", [0x63677270] = "cgroup2", [0x64626720] = "debugfs",
        [0x74726163] = "tracefs", [0x73636673] = "securityfs", [0x62656570] = "configfs", [0xcafe4a11] = "bpf",
        [0x6165676C] = "pstore", [0xde5e81e4] = "efivarfs", [0xf97cff8c] = "selinuxfs",
    };

    // The file system's type and longest name (f_type and f_namelen of statfs, at bytes 0 and 64 of struct statfs on 64-bit Linux); (0, 255) elsewhere.
    private static (long Type, int NameMax) FileSystemOf(string folder)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess) return (0, NameMax);
        var buffer = new byte[256];
        try
        {
            if (StatFs(folder, buffer) != 0) return (0, NameMax);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return (0, NameMax);
        }
        long nameMax = BitConverter.ToInt64(buffer, 64);
        return (BitConverter.ToInt64(buffer, 0), nameMax is > 0 and < int.MaxValue ? (int)nameMax : NameMax);
    }

    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatFs(string path, [Out] byte[] buffer);
}

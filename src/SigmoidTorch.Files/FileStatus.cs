using System.Runtime.InteropServices;

namespace SigmoidTorch.Data;

/// <summary>
/// The kind and size of what a path names, found without opening it (opening a FIFO waits for the other end; reading
/// a device such as /dev/zero never ends). On Linux this is <c>statx</c>; elsewhere .NET tells folders, files and
/// links apart, and nothing else.
/// </summary>
/// <param name="Kind">What the path names.</param>
/// <param name="Size">Its size in bytes (regular files; 0 for the rest).</param>
public readonly partial record struct FileStatus(FileKind Kind, long Size)
{
    /// <summary>
    /// What <paramref name="path"/> names. <paramref name="followLinks"/>: a symbolic link is followed to what it points
    /// at (a dangling link is <see cref="FileKind.Missing"/>); otherwise it is reported as <see cref="FileKind.SymbolicLink"/>.
    /// </summary>
    public static FileStatus Of(string path, bool followLinks = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) return new FileStatus(FileKind.Missing, 0);
        if (OperatingSystem.IsLinux() && TryStatx(path, followLinks) is { } status) return status;
        return Managed(path, followLinks);
    }

    /// <summary>"a folder", "a FIFO (named pipe)", "a character device", …: what the kind is, for a message.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Inaccessible => "out of reach (permission denied: a folder on its way may not be searched)",
        _ => "a socket",
    };

    private static FileStatus Managed(string path, bool followLinks)
    {
        var info = new FileInfo(path);
        if (!followLinks && info.LinkTarget is not null) return new FileStatus(FileKind.SymbolicLink, 0);
        if (Directory.Exists(path)) return new FileStatus(FileKind.Directory, 0);
        return File.Exists(path) ? new FileStatus(FileKind.Regular, info.Length) : new FileStatus(FileKind.Missing, 0);
    }

    // struct statx (linux/stat.h) is laid out the same on every architecture: stx_mode is the u16 at byte 28, stx_size the u64 at byte 40.
    private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, StatxType = 0x1, StatxSize = 0x200, StatxBufferSize = 256;
    private const int ENOENT = 2, EACCES = 13, ENOTDIR = 20, ENAMETOOLONG = 36;

    private static FileStatus? TryStatx(string path, bool followLinks)
    {
        var buffer = new byte[StatxBufferSize];
        int result;
        try
        {
            result = Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType | StatxSize, buffer);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;                                   // a C library without statx (glibc < 2.28, musl < 1.2.5)
        }
        if (result != 0)
            return Marshal.GetLastPInvokeError() switch
            {
                ENOENT or ENOTDIR or ENAMETOOLONG => new FileStatus(FileKind.Missing, 0),
                EACCES => new FileStatus(FileKind.Inaccessible, 0),
                _ => null,
            };
        int mode = BitConverter.ToUInt16(buffer, 28) & 0xF000;
        var kind = mode switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            _ => FileKind.Socket,
        };
        return new FileStatus(kind, kind == FileKind.Regular ? (long)BitConverter.ToUInt64(buffer, 40) : 0);
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}

namespace SigmoidTorch.Data;

/// <summary>What a path names on disk (see <see cref="FileStatus"/>).</summary>
public enum FileKind
{
    /// <summary>Nothing: the path does not exist (or one of its folders is not a folder).</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link (seen only when links are not followed).</summary>
    SymbolicLink,

    /// <summary>A named pipe (FIFO): reading it waits for a writer, writing it for a reader.</summary>
    Fifo,

    /// <summary>A character device, such as /dev/null or /dev/zero.</summary>
    CharacterDevice,

    /// <summary>A block device, such as a disk.</summary>
    BlockDevice,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>Out of reach: a folder on the way may not be searched (permission denied), so what is there cannot be told.</summary>
    Inaccessible,
}

using System.Text;

namespace SigmoidTorch.Data;

/// <summary>
/// Writes a file so that it is either the old file or the complete new one, never a half-written mix: the bytes go to
/// a temporary file in the target's folder, are flushed to disk, and the temporary file is renamed over the target.
/// Only a regular file is ever replaced: a symbolic link is written through (its final target gets the bytes, the link
/// stays a link), and a folder, FIFO, device or socket at the path is refused before anything is written. Folders
/// missing on the path as given are created, and removed again when the write fails; folders are never created behind a
/// symbolic link (a link whose target's folder does not exist is refused: it may point anywhere, e.g. /nonexistent/dir).
/// The temporary file's name is short whatever the target's (<see cref="TemporaryPath"/>), so any file name the file
/// system takes can be written.
/// </summary>
public static class AtomicFile
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<string> InFlight = new(StringComparer.Ordinal);
    private static bool stopped;

    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/> atomically; returns the full path.</summary>
    public static string WriteAllText(string path, string text) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically; returns the full path.</summary>
    public static string WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>
    /// Lets <paramref name="write"/> fill a temporary file beside the file <paramref name="path"/> names (through any
    /// symbolic links), flushes it to disk, then renames it over that file. When anything fails, the temporary file and
    /// the folders this call created are removed and the old file is untouched; a file-system error (no such folder, no
    /// permission, disk full, something other than a regular file in the way) becomes a one-line
    /// <see cref="SigmoidTorchException"/> naming the path; other errors of <paramref name="write"/> pass through.
    /// Returns the full path of <paramref name="path"/>.
    /// </summary>
    public static string Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Target(path);
        string dir = Path.GetDirectoryName(full) ?? throw new SigmoidTorchException($"cannot write '{path}': it names no file inside a folder");
        var created = CreateFolders(path, dir);
        string temp = TemporaryPath(full);
        try
        {
            lock (Gate)
            {
                if (stopped) throw new SigmoidTorchException($"cannot write '{path}': the program is stopping");
                InFlight.Add(temp);
            }
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            KeepMode(full, temp);
            lock (Gate)
            {
                if (stopped) throw new SigmoidTorchException($"cannot write '{path}': the program is stopping");
                File.Move(temp, full, overwrite: true);
                InFlight.Remove(temp);
            }
            return Path.GetFullPath(path);
        }
        catch (Exception e)
        {
            Abandon(temp, created);
            if (e is UnauthorizedAccessException)
                throw new SigmoidTorchException($"cannot write '{path}': no permission to write in '{dir}' (any file that was there is unchanged)", e);
            if (e is IOException)
                throw new SigmoidTorchException($"cannot write '{path}': {Reason(e)} (any file that was there is unchanged)", e);
            throw;
        }
    }

    /// <summary>
    /// The temporary file a write of <paramref name="target"/> (a full path) fills before it renames it over the target:
    /// in the same folder, named by a dot, at most the first 32 characters of the target's name, a random part and
    /// <c>.tmp</c> — at most 58 characters, so that it fits wherever the target's own name does.
    /// </summary>
    public static string TemporaryPath(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        string name = Path.GetFileName(target);
        int keep = Math.Min(name.Length, 32);
        if (keep > 0 && char.IsHighSurrogate(name[keep - 1])) keep--;
        string random = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        return Path.Combine(Path.GetDirectoryName(target) ?? "", $".{name[..keep]}.{random}.tmp");
    }

    // What the system said, without the temporary file's name that .NET appends ("No space left on device : '/x/.m.ckpt.1f….tmp'").
    private static string Reason(Exception e)
    {
        string message = e.Message;
        int quote = message.IndexOf(" : '", StringComparison.Ordinal);
        return quote > 0 ? message[..quote] : message;
    }

    /// <summary>
    /// Stops every write of this process for good, for a program that is being interrupted: a write in progress does
    /// not replace its file (its temporary file is removed), and later writes are refused. Once this returns, no file
    /// is replaced any more.
    /// </summary>
    public static void StopAll()
    {
        lock (Gate)
        {
            stopped = true;
            foreach (string temp in InFlight) TryDelete(temp);
            InFlight.Clear();
        }
    }

    /// <summary>
    /// The file a write of <paramref name="path"/> replaces: the path itself, or the final target of the symbolic links
    /// it goes through. Throws a one-line <see cref="SigmoidTorchException"/> when that is not a regular file or nothing,
    /// when the nearest existing folder on its way is not a folder, or when it is reached through a symbolic link whose
    /// target's folder does not exist. Creates nothing: a run checks its outputs so before it starts.
    /// </summary>
    public static string Target(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) throw new SigmoidTorchException("cannot write '': no file name given");
        if (Path.EndsInDirectorySeparator(path)) throw new SigmoidTorchException($"cannot write '{path}': it names a folder, not a file");
        string full = Path.GetFullPath(path);
        if (FileStatus.Of(full, followLinks: false).Kind == FileKind.SymbolicLink)
        {
            try
            {
                full = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
            }
            catch (IOException e)
            {
                throw new SigmoidTorchException($"cannot write '{path}': its symbolic link cannot be followed ({e.Message})", e);
            }
            string? behind = Path.GetDirectoryName(full);
            if (behind is not null && FileStatus.Of(behind).Kind != FileKind.Directory)
                throw new SigmoidTorchException($"cannot write '{path}': it is a symbolic link to '{full}', whose folder '{behind}' does not exist "
                                                + "(folders are made on the path as given, never behind a symbolic link)");
        }
        var kind = FileStatus.Of(full, followLinks: false).Kind;
        if (kind is not (FileKind.Regular or FileKind.Missing))
            throw new SigmoidTorchException($"cannot write '{path}': {(full == Path.GetFullPath(path) ? "it" : $"its target '{full}'")} is {FileStatus.Describe(kind)}; only a regular file is replaced");
        // The nearest folder on the way that exists must be a folder (the missing ones below it are created when writing).
        string? folder = Path.GetDirectoryName(full);
        while (folder is not null && FileStatus.Of(folder).Kind == FileKind.Missing) folder = Path.GetDirectoryName(folder);
        if (folder is not null && FileStatus.Of(folder).Kind is not FileKind.Directory and var above)
            throw new SigmoidTorchException($"cannot write '{path}': '{folder}' is {FileStatus.Describe(above)}, not a folder");
        return full;
    }

    // The folders from the first missing one down to dir, created in that order; the caller removes them when the write fails.
    private static List<string> CreateFolders(string path, string dir)
    {
        var missing = new List<string>();
        for (string? d = dir; d is not null && FileStatus.Of(d).Kind == FileKind.Missing; d = Path.GetDirectoryName(d))
            missing.Insert(0, d);
        var created = new List<string>();
        try
        {
            foreach (string d in missing)
            {
                Directory.CreateDirectory(d);
                created.Add(d);
            }
            if (FileStatus.Of(dir).Kind != FileKind.Directory)
                throw new IOException($"'{dir}' is not a folder");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveFolders(created);
            throw new SigmoidTorchException($"cannot write '{path}': its folder '{dir}' cannot be created ({e.Message})", e);
        }
        return created;
    }

    // A replaced file keeps its permissions (the temporary file was created with the default ones).
    private static void KeepMode(string target, string temp)
    {
        if (OperatingSystem.IsWindows() || FileStatus.Of(target).Kind != FileKind.Regular) return;
        File.SetUnixFileMode(temp, File.GetUnixFileMode(target));
    }

    private static void Abandon(string temp, List<string> createdFolders)
    {
        lock (Gate)
        {
            InFlight.Remove(temp);
            TryDelete(temp);
        }
        RemoveFolders(createdFolders);
    }

    private static void RemoveFolders(List<string> created)
    {
        for (int i = created.Count - 1; i >= 0; i--)
        {
            try
            {
                Directory.Delete(created[i], recursive: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;                                    // not empty any more (another writer), or not ours to remove
            }
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the error that stopped the write matters more than a stray temporary file.
        }
    }
}

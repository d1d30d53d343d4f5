using System.Text;

namespace SigmoidTorch.Data;

/// <summary>
/// Writes a file so that it is either the old file or the complete new one, never a half-written mix:
/// the bytes go to a temporary file beside the target, are flushed to disk, and the temporary file is renamed
/// over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/> atomically; returns the full path.</summary>
    public static string WriteAllText(string path, string text) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically; returns the full path.</summary>
    public static string WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>
    /// Lets <paramref name="write"/> fill a temporary file beside <paramref name="path"/>, flushes it to disk, then renames
    /// it over <paramref name="path"/>. When anything fails, the temporary file is removed and <paramref name="path"/> is
    /// untouched; a file-system error (no such folder, no permission, disk full) becomes a one-line
    /// <see cref="SigmoidTorchException"/> naming the path, other errors of <paramref name="write"/> pass through.
    /// </summary>
    public static string Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SigmoidTorchException($"cannot write '{path}': its folder '{dir}' cannot be created ({e.Message})", e);
        }
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
            return full;
        }
        catch (Exception e)
        {
            TryDelete(temp);
            if (e is IOException or UnauthorizedAccessException)
                throw new SigmoidTorchException($"cannot write '{path}': {e.Message} (any file that was there is unchanged)", e);
            throw;
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

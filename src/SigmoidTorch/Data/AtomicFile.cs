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
    /// Lets <paramref name="write"/> fill a temporary file, then renames it over <paramref name="path"/>.
    /// When <paramref name="write"/> throws, the temporary file is removed and <paramref name="path"/> is untouched.
    /// </summary>
    public static string Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
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
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}

using System.Text;

namespace SigmoidTorch.Data;

/// <summary>
/// Reads a file the user named, turning every way it can fail into a one-line <see cref="SigmoidTorchException"/>.
/// The path must name a regular file (a symbolic link to one is fine) of at most <see cref="MaxBytes"/>: that is
/// checked before the file is opened, so a FIFO, a device such as /dev/zero, or a huge file is refused at once
/// instead of hanging or exhausting memory.
/// </summary>
public static class InputFile
{
    /// <summary>The largest file read: 64 MiB (a checkpoint of a million weights is about 25 MB).</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>
    /// The text (UTF-8) of <paramref name="path"/>; <paramref name="what"/> names it in messages (e.g.
    /// <c>checkpoint 'a.json'</c>): "… does not exist", "… is a symbolic link to '…', which does not exist", "… is a
    /// folder, not a file", "… is a FIFO (named pipe), not a regular file", "… is larger than the 64 MiB an input file
    /// may have (80.0 MiB)", "… cannot be read: permission denied", "… cannot be read: …". A UTF-8 byte order mark at
    /// the start is not part of the text: every input file (checkpoint, weights, CSV) may carry one or not.
    /// </summary>
    public static string ReadText(string path, string what)
    {
        byte[] bytes = ReadBytes(path, what);
        int bom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        return Encoding.UTF8.GetString(bytes, bom, bytes.Length - bom);
    }

    /// <summary>The bytes of <paramref name="path"/>, with the checks of <see cref="ReadText"/>.</summary>
    public static byte[] ReadBytes(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) throw new SigmoidTorchException($"{what}: no file name given");
        var status = FileStatus.Of(path);
        switch (status.Kind)
        {
            case FileKind.Missing when FileStatus.Of(path, followLinks: false).Kind == FileKind.SymbolicLink:
                throw new SigmoidTorchException($"{what} is a symbolic link to '{LinkTarget(path)}', which does not exist");
            case FileKind.Missing:
                throw new SigmoidTorchException($"{what} does not exist");
            case FileKind.Inaccessible:
                throw new SigmoidTorchException($"{what} cannot be read: permission denied (a folder on its way may not be searched)");
            case FileKind.Directory:
                throw new SigmoidTorchException($"{what} is a folder, not a file");
            case FileKind.Regular:
                break;
            default:
                throw new SigmoidTorchException($"{what} is {FileStatus.Describe(status.Kind)}, not a regular file");
        }
        if (status.Size > MaxBytes) throw TooLarge(what, status.Size);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            // The size was checked, but a file can grow, and some report no size at all (/proc): read at most one byte past the limit.
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes) throw TooLarge(what, null);
            }
            return buffer.ToArray();
        }
        catch (UnauthorizedAccessException)
        {
            throw new SigmoidTorchException($"{what} cannot be read: permission denied");
        }
        catch (IOException e)
        {
            throw new SigmoidTorchException($"{what} cannot be read: {e.Message}");
        }
    }

    private static string LinkTarget(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return new FileInfo(path).LinkTarget ?? path;            // a loop of links: say where the first one points
        }
    }

    private static SigmoidTorchException TooLarge(string what, long? size) =>
        new($"{what} is larger than the {MaxBytes >> 20} MiB an input file may have{(size is { } s ? $" ({s / 1048576.0:F1} MiB)" : "")}");
}

namespace SigmoidTorch.Data;

/// <summary>Reads a file the user named, turning every way it can fail into a one-line <see cref="SigmoidTorchException"/>.</summary>
public static class InputFile
{
    /// <summary>
    /// The text of <paramref name="path"/>; <paramref name="what"/> names it in messages (e.g. <c>checkpoint 'a.json'</c>):
    /// "… is a folder, not a file", "… does not exist", "… cannot be read: …".
    /// </summary>
    public static string ReadText(string path, string what)
    {
        if (Directory.Exists(path)) throw new SigmoidTorchException($"{what} is a folder, not a file");
        if (!File.Exists(path)) throw new SigmoidTorchException($"{what} does not exist");
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SigmoidTorchException($"{what} cannot be read: {e.Message}");
        }
    }
}

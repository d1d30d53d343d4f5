namespace SigmoidTorch.Devices;

/// <summary>
/// The files a process has mapped, from Linux's <c>/proc/PID/maps</c>: which copy of a native library it really runs
/// (a library loaded twice from two folders shows up twice). Empty where there is no such file (not Linux).
/// </summary>
public static class LoadedLibraries
{
    /// <summary>Every distinct file mapped by the process <paramref name="processId"/> (this process when null), in map order.</summary>
    public static IReadOnlyList<string> Of(int? processId = null)
    {
        string maps = $"/proc/{(processId is { } id ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "self")}/maps";
        try
        {
            if (!File.Exists(maps)) return [];
            // address perms offset dev inode path: the path is the sixth field, and may hold spaces.
            return File.ReadLines(maps)
                .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
                .Select(fields => fields.Length == 6 ? fields[5].Trim() : "")
                .Where(path => path.StartsWith('/'))
                .Distinct()
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The mapped files whose name is <paramref name="fileName"/> (e.g. libtorch_cpu.so): one per copy loaded.</summary>
    public static IReadOnlyList<string> Named(string fileName, int? processId = null) =>
        Of(processId).Where(path => Path.GetFileName(path) == fileName).ToList();
}

using System.Runtime.InteropServices;
using TorchSharp;

namespace SigmoidTorch.Devices;

/// <summary>
/// One load of TorchSharp's native library (libLibTorchSharp.so, LibTorchSharp.dll, libLibTorchSharp.dylib) by its full
/// path, made after TorchSharp's own load failed. TorchSharp's loader only says that a load failed; a load by path gets
/// the system loader's reason (a missing library, a missing symbol version).
/// </summary>
/// <param name="Path">The file tried.</param>
/// <param name="Error">The loader's message, or null when the file loaded.</param>
public sealed record NativeLoadAttempt(string Path, string? Error)
{
    /// <summary>The file name of TorchSharp's native library on this operating system.</summary>
    public static string LibraryFileName =>
        OperatingSystem.IsWindows() ? "LibTorchSharp.dll" : OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" : "libLibTorchSharp.so";

    /// <summary>
    /// Loads every copy of the native library that TorchSharp may have tried: in the native search directories the .NET
    /// host gives this application (its folder, and <c>runtimes/&lt;rid&gt;/native/</c> when it was built without a
    /// RuntimeIdentifier), beside TorchSharp.dll, and in the <c>cpu/</c> folder that TorchSharp fills from the NuGet
    /// cache when the first load fails. Empty when there is no copy at all.
    /// </summary>
    public static IReadOnlyList<NativeLoadAttempt> Probe() =>
        SearchDirectories().Select(dir => System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, LibraryFileName)))
            .Distinct()
            .Where(File.Exists)
            .Select(Load)
            .ToList();

    /// <summary>
    /// The folders where TorchSharp looks for native libraries: the native search directories the .NET host gives this
    /// application, the folder of TorchSharp.dll, and (with <paramref name="consolidated"/>) the <c>cpu/</c> folder that
    /// TorchSharp fills from the NuGet cache when its first load fails.
    /// </summary>
    internal static IEnumerable<string> SearchDirectories(bool consolidated = true)
    {
        string torchSharpDir = System.IO.Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory;
        var hostDirs = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var dirs = hostDirs.Append(torchSharpDir);
        return consolidated ? dirs.Append(System.IO.Path.Combine(torchSharpDir, "cpu")) : dirs;
    }

    private static NativeLoadAttempt Load(string path)
    {
        try
        {
            NativeLibrary.Load(path);
            return new NativeLoadAttempt(path, null);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            return new NativeLoadAttempt(path, e.Message);
        }
    }
}

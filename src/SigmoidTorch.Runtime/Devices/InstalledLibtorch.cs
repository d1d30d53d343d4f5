using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace SigmoidTorch.Devices;

/// <summary>
/// A libtorch installed on the machine instead of carried by the program: the folder that holds
/// <c>libtorch_cpu.so</c>, such as a LibTorch download's <c>lib/</c> or PyTorch's <c>torch/lib</c>. The process loads
/// its libraries by full path before TorchSharp's first load, so that TorchSharp's own loads by name find these copies
/// already loaded (by their SONAME) and load no other.
/// </summary>
/// <param name="Directory">The folder (full path).</param>
/// <param name="Source">Where its name came from.</param>
/// <param name="Version">Its version from the files shipped beside it (<see cref="ReadVersion"/>), or null.</param>
/// <param name="HasCuda">Whether it holds libtorch's CUDA library.</param>
public sealed record InstalledLibtorch(string Directory, LibtorchSource Source, string? Version, bool HasCuda)
{
    /// <summary>The environment variable that names the folder.</summary>
    public const string EnvironmentVariable = "SIGMOIDTORCH_LIBTORCH";

    private static readonly Lazy<string?> PythonTorch = new(FindPythonTorch);

    /// <summary>libtorch's CPU library on this operating system: the file that makes a folder a libtorch.</summary>
    public static string CpuLibraryFileName => Native("torch_cpu");

    /// <summary>libtorch's CUDA library on this operating system.</summary>
    public static string CudaLibraryFileName => Native("torch_cuda");

    /// <summary>Where this libtorch came from, in words: "SIGMOIDTORCH_LIBTORCH" or "python3's torch".</summary>
    public string Origin => OriginOf(Source);

    /// <summary>
    /// The folder <paramref name="directory"/> as a libtorch, or a <see cref="TorchLoadException"/> saying in one line
    /// why it is not one (no such folder, no <see cref="CpuLibraryFileName"/> in it).
    /// </summary>
    public static InstalledLibtorch Inspect(string directory, LibtorchSource source)
    {
        string dir = Path.GetFullPath(directory.Trim());
        string named = source == LibtorchSource.EnvironmentVariable ? $"{EnvironmentVariable}={directory}" : $"{OriginOf(source)} ({dir})";
        if (!System.IO.Directory.Exists(dir))
            throw new TorchLoadException($"{named}: there is no such folder; name the folder that holds {CpuLibraryFileName} "
                                         + "(a LibTorch download's lib/, or PyTorch's torch/lib)", "");
        if (!File.Exists(Path.Combine(dir, CpuLibraryFileName)))
            throw new TorchLoadException($"{named} is not a libtorch: it holds no {CpuLibraryFileName}; name the folder that does "
                                         + "(a LibTorch download's lib/, or PyTorch's torch/lib)", "");
        return new InstalledLibtorch(dir, source, ReadVersion(dir), File.Exists(Path.Combine(dir, CudaLibraryFileName)));
    }

    /// <summary>
    /// The installed libtorch this process should run on, or null for the program's own copy: the folder of
    /// <see cref="EnvironmentVariable"/> when it is set; else, when the program carries no libtorch of its own
    /// (<paramref name="builtInCopy"/> is null), the lib folder of the torch package python3 would import, if any.
    /// </summary>
    public static InstalledLibtorch? Select(string? builtInCopy)
    {
        string? named = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(named)) return Inspect(named, LibtorchSource.EnvironmentVariable);
        if (builtInCopy is not null) return null;
        return PythonTorchLib() is { } lib ? Inspect(lib, LibtorchSource.Python) : null;
    }

    /// <summary>
    /// The lib folder of the torch package that <c>python3</c> on PATH would import (found without importing it), when
    /// it holds <see cref="CpuLibraryFileName"/>; null when there is no python3 or no torch. Asked once per process.
    /// </summary>
    public static string? PythonTorchLib() => PythonTorch.Value;

    /// <summary>
    /// The version of the libtorch in <paramref name="directory"/>, from the files shipped beside it: PyTorch's
    /// <c>../version.py</c>, LibTorch's <c>build-version</c> (in the folder or above it), or the <c>.nuspec</c> of the
    /// NuGet package whose <c>runtimes/&lt;rid&gt;/native</c> it is. Null when there is none: the libraries themselves
    /// carry no version string.
    /// </summary>
    public static string? ReadVersion(string directory)
    {
        string dir = Path.GetFullPath(directory);
        string parent = Path.GetDirectoryName(dir) ?? dir;
        if (ReadFirst(Path.Combine(parent, "version.py")) is { } python
            && Regex.Match(python, @"^__version__\s*=\s*['""]([^'""]+)['""]", RegexOptions.Multiline) is { Success: true } m)
            return m.Groups[1].Value;
        foreach (string file in new[] { Path.Combine(dir, "build-version"), Path.Combine(parent, "build-version") })
            if (ReadFirst(file) is { } text && text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } line)
                return line;
        if (Path.GetFileName(dir) == "native" && Path.GetDirectoryName(Path.GetDirectoryName(parent)) is { } package
            && Path.GetFileName(Path.GetDirectoryName(parent)) == "runtimes" && System.IO.Directory.Exists(package))
            foreach (string nuspec in System.IO.Directory.GetFiles(package, "*.nuspec"))
                if (ReadFirst(nuspec) is { } xml && Regex.Match(xml, @"<version>\s*([^<\s]+)\s*</version>") is { Success: true } v)
                    return v.Groups[1].Value;
        return null;
    }

    /// <summary>
    /// Loads this libtorch's libraries by full path, dependencies first: c10, the CPU library, the CUDA ones where
    /// present, then libtorch. Throws <see cref="TorchLoadException"/> with the loader's reason when one does not load.
    /// </summary>
    public void Preload()
    {
        var names = new[] { "c10", "torch_cpu", "c10_cuda", "torch_cuda", "torch" }.Select(Native);
        foreach (string path in names.Select(n => Path.Combine(Directory, n)).Where(File.Exists))
        {
            try
            {
                NativeLibrary.Load(path);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                string reason = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? e.Message;
                throw new TorchLoadException($"the libtorch at {Directory} ({Origin}) does not load: {reason}", e.ToString());
            }
        }
    }

    /// <summary>Where a libtorch came from, in words: "built in", "SIGMOIDTORCH_LIBTORCH" or "python3's torch".</summary>
    internal static string OriginOf(LibtorchSource source) => source switch
    {
        LibtorchSource.EnvironmentVariable => EnvironmentVariable,
        LibtorchSource.Python => "python3's torch",
        _ => "built in",
    };

    private static string Native(string name) =>
        OperatingSystem.IsWindows() ? $"{name}.dll" : OperatingSystem.IsMacOS() ? $"lib{name}.dylib" : $"lib{name}.so";

    private static string? ReadFirst(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? FindPythonTorch()
    {
        // find_spec locates the package without importing it (importing torch takes seconds and initialises CUDA).
        const string Script = "import importlib.util as u; s = u.find_spec('torch'); print(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')";
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        try
        {
            using var python = Process.Start(start);
            if (python is null) return null;
            var output = python.StandardOutput.ReadToEndAsync();
            _ = python.StandardError.ReadToEndAsync();
            if (!python.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                python.Kill(entireProcessTree: true);
                return null;
            }
            string package = output.Result.Trim();
            if (python.ExitCode != 0 || package.Length == 0) return null;
            string lib = Path.Combine(package, "lib");
            return File.Exists(Path.Combine(lib, CpuLibraryFileName)) ? lib : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;   // no python3 on PATH
        }
    }
}

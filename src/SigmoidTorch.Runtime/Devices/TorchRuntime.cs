using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TorchSharp;

namespace SigmoidTorch.Devices;

/// <summary>
/// Loads libtorch once, the program's own copy or an installed one (<see cref="InstalledLibtorch"/>), never both, and
/// turns a failed load into one line that says what is wrong and what to do, in words that hold for any project (this
/// repository's programs, or a user's own project that references the SigmoidTorch package). The full loader trace
/// stays available in <see cref="TorchLoadException.LoaderTrace"/>; <see cref="Libtorch"/> says what was loaded.
/// </summary>
public static class TorchRuntime
{
    private const string TraceHint = "; the loader's trace is in TorchLoadException.LoaderTrace (--verbose in SigmoidTorch's programs)";

    private static readonly Lazy<(TorchLoadException? Failure, InstalledLibtorch? Installed)> Load = new(TryLoad);

    /// <summary>
    /// Loads libtorch (CPU, and CUDA where the libtorch has it) if it is not loaded yet; throws
    /// <see cref="TorchLoadException"/> when it cannot. Call it before the first <c>torch.*</c> call to get that message
    /// instead of TorchSharp's TypeInitializationException, and so that an installed libtorch
    /// (<see cref="InstalledLibtorch.EnvironmentVariable"/>) is the one loaded.
    /// </summary>
    public static void EnsureLoaded()
    {
        if (Load.Value.Failure is { } failure) throw failure;
    }

    /// <summary>The installed libtorch this process runs on, or null when it runs on its own copy (loads libtorch first).</summary>
    public static InstalledLibtorch? Installed
    {
        get
        {
            EnsureLoaded();
            return Load.Value.Installed;
        }
    }

    /// <summary>The libtorch this process runs on: file, version, origin (loads libtorch first).</summary>
    public static LibtorchDescription Libtorch
    {
        get
        {
            EnsureLoaded();
            return Describe(Load.Value.Installed);
        }
    }

    /// <summary>The program's own copy of libtorch's CPU library (beside it or in its native search folders), or null when it carries none.</summary>
    public static string? BuiltInCopy() =>
        NativeLoadAttempt.SearchDirectories(consolidated: false).Select(dir => Path.Combine(dir, InstalledLibtorch.CpuLibraryFileName)).FirstOrDefault(File.Exists);

    private static (TorchLoadException?, InstalledLibtorch?) TryLoad()
    {
        string? own = BuiltInCopy();
        InstalledLibtorch? installed;
        try
        {
            installed = InstalledLibtorch.Select(own);
            if (installed is not null && own is not null && !SameFile(own, Path.Combine(installed.Directory, InstalledLibtorch.CpuLibraryFileName)))
                throw new TorchLoadException($"{InstalledLibtorch.EnvironmentVariable}={installed.Directory} names an installed libtorch, but this program carries "
                    + $"its own ({own}), and one process cannot load two: run a build without libtorch's native files (bash build/bundle.sh makes one; "
                    + $"in this repository also -p:TorchBackend=installed), or unset {InstalledLibtorch.EnvironmentVariable}", "");
            installed?.Preload();
        }
        catch (TorchLoadException e)
        {
            return (e, null);
        }

        // TorchSharp prints its failure message (some 70 lines) to stdout before it throws. Held back here, stdout stays
        // the program's own (e.g. exactly one JSON object); the same text is the exception's message, kept in the trace.
        var stdout = Console.Out;
        using var printed = new StringWriter();
        Exception? failure = null;
        Console.SetOut(printed);
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException or InvalidOperationException)
        {
            failure = e;
        }
        finally
        {
            Console.SetOut(stdout);
        }
        if (failure is null)
        {
            stdout.Write(printed.ToString());
            return (null, installed);
        }
        var attempts = NativeLoadAttempt.Probe();
        return (new TorchLoadException(NoLibtorch(own, installed) ?? Explain(failure, attempts, installed), Trace(failure, attempts)), installed);
    }

    /// <summary>
    /// The explanation of a failed load when there was no libtorch to load: the program carries none
    /// (<paramref name="builtInCopy"/> is null, and its .deps.json names no libtorch package: it was built without a
    /// backend package, as <c>-p:TorchBackend=installed</c> builds it) and no installed one was found
    /// (<paramref name="installed"/> is null). Whatever TorchSharp tried then (it may copy a libtorch from the NuGet cache,
    /// which then fails on its own account) is beside the point. Null when there was a libtorch to load.
    /// </summary>
    private static string? NoLibtorch(string? builtInCopy, InstalledLibtorch? installed) =>
        builtInCopy is not null || installed is not null || PackagedVersion() is not null ? null
        : $"libtorch could not be loaded: this program carries no libtorch (it was built without a backend package, as -p:TorchBackend=installed builds it) "
          + $"and no installed libtorch was found ({InstalledLibtorch.EnvironmentVariable} is not set, and no python3 on PATH has a torch package): "
          + $"set {InstalledLibtorch.EnvironmentVariable}=DIR (the folder holding {InstalledLibtorch.CpuLibraryFileName}: a LibTorch download's lib/, or PyTorch's torch/lib), "
          + "install PyTorch for python3, or build the program with a backend package (TorchSharp-cpu 0.107.0: TorchBackend=cpu, the default)" + TraceHint;

    private static LibtorchDescription Describe(InstalledLibtorch? installed)
    {
        string cpu = InstalledLibtorch.CpuLibraryFileName;
        var mapped = LoadedLibraries.Of().Where(f => Path.GetFileName(f) is var n && (n.StartsWith("libtorch", StringComparison.Ordinal) || n.StartsWith("libc10", StringComparison.Ordinal))).ToList();
        string? own = BuiltInCopy();
        string path = mapped.Find(f => Path.GetFileName(f) == cpu) ?? (installed is not null ? Path.Combine(installed.Directory, cpu) : own ?? cpu);
        string? version = installed is not null ? installed.Version : (own is null ? null : InstalledLibtorch.ReadVersion(Path.GetDirectoryName(own)!)) ?? PackagedVersion();
        bool cuda = mapped.Exists(f => Path.GetFileName(f) == InstalledLibtorch.CudaLibraryFileName)
                    || File.Exists(Path.Combine(Path.GetDirectoryName(path) ?? "", InstalledLibtorch.CudaLibraryFileName));
        return new LibtorchDescription(path, version, installed?.Source ?? LibtorchSource.BuiltIn, cuda, LibtorchDescription.MajorMinor(torch.__version__), mapped);
    }

    // The version of the libtorch package the program was built with, from its .deps.json ("libtorch-cpu-linux-x64/2.10.0").
    private static string? PackagedVersion()
    {
        foreach (string deps in (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllText(deps));
                if (!json.RootElement.TryGetProperty("libraries", out var libraries)) continue;
                foreach (var library in libraries.EnumerateObject())
                    if (library.Name.StartsWith("libtorch-", StringComparison.OrdinalIgnoreCase) && library.Name.Split('/') is [_, var version])
                        return version;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                // unreadable: try the next
            }
        }
        return null;
    }

    private static bool SameFile(string a, string b) => string.Equals(RealPath(a), RealPath(b), StringComparison.Ordinal);

    private static string RealPath(string path)
    {
        var file = new FileInfo(Path.GetFullPath(path));
        return file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName;
    }

    /// <summary>The one-line explanation of a load failure, after loading TorchSharp's native library by path to learn why.</summary>
    public static string Explain(Exception failure)
    {
        var installed = Load.IsValueCreated ? Load.Value.Installed : null;
        return NoLibtorch(BuiltInCopy(), installed) ?? Explain(failure, NativeLoadAttempt.Probe(), installed);
    }

    /// <summary>
    /// The one-line explanation of a load failure, from TorchSharp's exception and the loads by path in
    /// <paramref name="attempts"/>: a libstdc++ too old for TorchSharp's native library, libtorch's own libraries
    /// missing (no backend package), TorchSharp's native library not fitting an <paramref name="installed"/> libtorch,
    /// no native library at all, or else the loader's own reason.
    /// </summary>
    public static string Explain(Exception failure, IReadOnlyList<NativeLoadAttempt> attempts, InstalledLibtorch? installed = null)
    {
        foreach (var attempt in attempts)
        {
            var version = Regex.Match(attempt.Error ?? "", @"(\S*libstdc\+\+\.so\S*): version `(GLIBCXX_[0-9.]+)' not found");
            if (version.Success)
                return $"libtorch could not be loaded: {version.Groups[1].Value} lacks {version.Groups[2].Value}, which {attempt.Path} asks for "
                     + "(TorchSharp's native library was built with GCC 13.2 or newer). The SigmoidTorch package marks that unused need weak "
                     + "each time the program that references it is built or published: build or publish it again on this machine "
                     + "(a copy of output built elsewhere, or a build with SigmoidTorchNativeLoadFix=false, keeps the library as shipped), "
                     + "or install libstdc++ from GCC 13.2 or newer" + TraceHint;
        }
        if (installed is not null && attempts.Select(a => a.Error).FirstOrDefault(e => e is not null) is { } mismatch)
            return $"libtorch could not be loaded: TorchSharp's native library does not work with the libtorch at {installed.Directory} ({installed.Origin}, "
                 + $"version {installed.Version ?? "unknown"}; TorchSharp 0.107 was built for libtorch 2.10): {LastLine(mismatch)}" + TraceHint;
        foreach (var attempt in attempts)
        {
            var missing = Regex.Match(attempt.Error ?? "", @"((?:lib)?(?:torch|c10)\w*\.(?:so|dll|dylib)\S*): cannot open shared object file");
            if (missing.Success)
                return $"libtorch could not be loaded: {attempt.Path} needs libtorch's own libraries ({missing.Groups[1].Value}), which are not beside it: "
                     + "reference a backend package, TorchSharp-cpu 0.107.0 (or TorchSharp-cuda-linux, TorchSharp-cuda-windows), in the program's own project, "
                     + $"or run on an installed libtorch: {InstalledLibtorch.EnvironmentVariable}=DIR (the folder holding {InstalledLibtorch.CpuLibraryFileName}), or PyTorch installed for python3" + TraceHint;
        }
        if (attempts.Count == 0)
            return $"libtorch could not be loaded: there is no {NativeLoadAttempt.LibraryFileName} beside the program or under its runtimes/ folder: "
                 + "run it from its own build or publish output, with TorchSharp-cpu 0.107.0 (or a CUDA backend package) referenced by its project" + TraceHint;
        string reason = attempts.Select(a => a.Error).FirstOrDefault(e => e is not null) is { } error
            ? LastLine(error)
            : LastLine(failure.GetBaseException().Message.Split('\n')[0]);
        return $"libtorch could not be loaded ({reason})" + TraceHint;
    }

    /// <summary>TorchSharp's exception text, then each load by path and what the loader said.</summary>
    private static string Trace(Exception failure, IReadOnlyList<NativeLoadAttempt> attempts)
    {
        var trace = new StringBuilder(failure.ToString()).AppendLine().AppendLine();
        trace.AppendLine($"SigmoidTorch: {NativeLoadAttempt.LibraryFileName} loaded by path ({attempts.Count} found):");
        foreach (var attempt in attempts)
            trace.AppendLine($"  {attempt.Path}: {attempt.Error?.ReplaceLineEndings(" ") ?? "loads"}");
        return trace.ToString();
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? text.Trim();
}

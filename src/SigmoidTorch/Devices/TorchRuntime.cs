using System.Text;
using System.Text.RegularExpressions;
using TorchSharp;

namespace SigmoidTorch.Devices;

/// <summary>
/// Loads libtorch once and turns a failed load into one line that says what is wrong and what to do, in words that hold
/// for any project (this repository's programs, or a user's own project that references the SigmoidTorch package).
/// The full loader trace stays available in <see cref="TorchLoadException.LoaderTrace"/>.
/// </summary>
public static class TorchRuntime
{
    private const string TraceHint = "; the loader's trace is in TorchLoadException.LoaderTrace (--verbose in SigmoidTorch's programs)";

    private static readonly Lazy<(string Message, string Trace)?> LoadFailure = new(TryLoad);

    /// <summary>
    /// Loads libtorch (CPU) if it is not loaded yet; throws <see cref="TorchLoadException"/> when it cannot. Call it
    /// before the first <c>torch.*</c> call to get that message instead of TorchSharp's TypeInitializationException.
    /// </summary>
    public static void EnsureLoaded()
    {
        if (LoadFailure.Value is { } failure) throw new TorchLoadException(failure.Message, failure.Trace);
    }

    private static (string Message, string Trace)? TryLoad()
    {
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
            return null;
        }
        var attempts = NativeLoadAttempt.Probe();
        return (Explain(failure, attempts), Trace(failure, attempts));
    }

    /// <summary>The one-line explanation of a load failure, after loading TorchSharp's native library by path to learn why.</summary>
    public static string Explain(Exception failure) => Explain(failure, NativeLoadAttempt.Probe());

    /// <summary>
    /// The one-line explanation of a load failure, from TorchSharp's exception and the loads by path in
    /// <paramref name="attempts"/>: a libstdc++ too old for TorchSharp's native library, libtorch's own libraries
    /// missing (no backend package), no native library at all, or else the loader's own reason.
    /// </summary>
    public static string Explain(Exception failure, IReadOnlyList<NativeLoadAttempt> attempts)
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
        foreach (var attempt in attempts)
        {
            var missing = Regex.Match(attempt.Error ?? "", @"((?:lib)?(?:torch|c10)\w*\.(?:so|dll|dylib)\S*): cannot open shared object file");
            if (missing.Success)
                return $"libtorch could not be loaded: {attempt.Path} needs libtorch's own libraries ({missing.Groups[1].Value}), which are not beside it: "
                     + "reference a backend package, TorchSharp-cpu 0.107.0 (or TorchSharp-cuda-linux, TorchSharp-cuda-windows), in the program's own project" + TraceHint;
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

using TorchSharp;

namespace SigmoidTorch.Devices;

/// <summary>
/// Loads libtorch once and turns a failed load into a short, actionable message.
/// The full loader trace stays available in <see cref="TorchLoadException.LoaderTrace"/>.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad);

    /// <summary>Loads libtorch (CPU) if it is not loaded yet; throws <see cref="TorchLoadException"/> when it cannot.</summary>
    public static void EnsureLoaded()
    {
        if (LoadFailure.Value is { } failure)
            throw new TorchLoadException(Explain(failure), failure.ToString());
    }

    private static Exception? TryLoad()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException or InvalidOperationException)
        {
            return e;
        }
    }

    /// <summary>The one-line explanation of a load failure, from the loader trace.</summary>
    public static string Explain(Exception failure)
    {
        string trace = failure.ToString();
        var glibcxx = System.Text.RegularExpressions.Regex.Match(trace, @"version `(GLIBCXX_[0-9.]+)' not found");
        if (glibcxx.Success)
            return $"libtorch could not be loaded: this system's libstdc++ lacks {glibcxx.Groups[1].Value}, which libLibTorchSharp.so asks for. "
                 + "Rebuild with 'dotnet build' so the build-time fix runs (README, Platform notes); run with --verbose for the loader trace.";
        if (trace.Contains("doesn't contain a reference to libtorch", StringComparison.Ordinal))
            return "libtorch could not be loaded: the program was built without a libtorch backend package or its native files are missing. "
                 + "Rebuild with 'dotnet build' (-p:TorchBackend=cpu or cuda); run with --verbose for the loader trace.";
        return $"libtorch could not be loaded ({failure.GetBaseException().Message.Split('\n')[0].Trim()}); run with --verbose for the loader trace.";
    }
}

/// <summary>libtorch's native libraries could not be loaded.</summary>
public sealed class TorchLoadException : SigmoidTorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchLoadException(string message, string loaderTrace) : base(message) => LoaderTrace = loaderTrace;

    /// <summary>The full exception text of the failed load, for --verbose.</summary>
    public string LoaderTrace { get; } = "";
}

namespace SigmoidTorch.Devices;

/// <summary>libtorch's native libraries could not be loaded. The message says why and what to do, in one line.</summary>
public sealed class TorchLoadException : SigmoidTorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchLoadException(string message, string loaderTrace) : base(message) => LoaderTrace = loaderTrace;

    /// <summary>TorchSharp's own trace of the failed load, then each load of its native library by path with the system loader's reason.</summary>
    public string LoaderTrace { get; } = "";
}

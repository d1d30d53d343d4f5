using TorchSharp;

namespace SigmoidTorch.Devices;

/// <summary>
/// The one place where a device is chosen: <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c>
/// (CUDA when usable, else CPU), from an argument or the <see cref="EnvironmentVariable"/>.
/// </summary>
public static class DeviceSelector
{
    /// <summary>Environment variable read when no device is given explicitly.</summary>
    public const string EnvironmentVariable = "SIGMOIDTORCH_DEVICE";

    /// <summary>The device used when neither an argument nor the environment names one.</summary>
    public const string Default = "cpu";

    /// <summary>
    /// Resolves <paramref name="spec"/> (or, when null or empty, <c>$SIGMOIDTORCH_DEVICE</c>, else <see cref="Default"/>)
    /// to a usable device. Throws <see cref="DeviceUnavailableException"/> when CUDA is asked for and cannot be used.
    /// </summary>
    public static torch.Device Resolve(string? spec = null)
    {
        TorchRuntime.EnsureLoaded();
        string text = string.IsNullOrWhiteSpace(spec) ? Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "" : spec;
        text = string.IsNullOrWhiteSpace(text) ? Default : text.Trim().ToLowerInvariant();
        string source = string.IsNullOrWhiteSpace(spec) && !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable))
            ? $" (from {EnvironmentVariable})" : "";

        if (text == "cpu") return torch.CPU;
        if (text == "auto") return CudaUnavailableReason() is null ? torch.CUDA : torch.CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (CudaUnavailableReason() is { } why)
                throw new DeviceUnavailableException($"device '{text}'{source} is not usable: {why}");
            if (text == "cuda") return torch.CUDA;
            if (!int.TryParse(text.AsSpan(5), out int index) || index < 0)
                throw new DeviceUnavailableException($"device '{text}'{source} is not a device: expected cpu, cuda, cuda:N or auto");
            int count = torch.cuda.device_count();
            if (index >= count)
                throw new DeviceUnavailableException($"device '{text}'{source} is not usable: {count} CUDA device(s) seen, numbered 0 to {count - 1}");
            return torch.device(DeviceType.CUDA, index);
        }
        throw new DeviceUnavailableException($"device '{text}'{source} is not a device: expected cpu, cuda, cuda:N or auto");
    }

    /// <summary>Every device this process can use: the CPU, then each CUDA device.</summary>
    public static IReadOnlyList<torch.Device> Available()
    {
        TorchRuntime.EnsureLoaded();
        var devices = new List<torch.Device> { torch.CPU };
        if (CudaUnavailableReason() is null)
            for (int i = 0; i < torch.cuda.device_count(); i++)
                devices.Add(torch.device(DeviceType.CUDA, i));
        return devices;
    }

    /// <summary>Null when CUDA can be used; otherwise why not and what to do, in one sentence.</summary>
    public static string? CudaUnavailableReason()
    {
        TorchRuntime.EnsureLoaded();
        if (torch.cuda.is_available()) return null;
        if (TorchRuntime.Installed is { } installed)
            return installed.HasCuda
                ? $"the libtorch at {installed.Directory} ({installed.Origin}) has CUDA but sees no GPU (check the NVIDIA driver with nvidia-smi, and CUDA_VISIBLE_DEVICES), or use --device cpu"
                : $"the libtorch at {installed.Directory} ({installed.Origin}) is CPU-only (it has no {InstalledLibtorch.CudaLibraryFileName}): name a CUDA build of libtorch "
                  + "(PyTorch's torch/lib from a CUDA wheel, or LibTorch for CUDA), or use --device cpu";
        if (CudaBackendPresent())
            return "the CUDA backend is built in but no GPU is seen (check the NVIDIA driver and CUDA_VISIBLE_DEVICES), or use --device cpu";
        return "this program has no CUDA backend (its project references TorchSharp-cpu: reference TorchSharp-cuda-linux or TorchSharp-cuda-windows instead, "
             + $"in this repository -p:TorchBackend=cuda, on a machine with an NVIDIA GPU){PythonCudaHint()}, or use --device cpu";
    }

    private static bool CudaBackendPresent()
    {
        string dir = AppContext.BaseDirectory;
        return File.Exists(Path.Combine(dir, "libtorch_cuda.so")) || File.Exists(Path.Combine(dir, "torch_cuda.dll"))
            || Directory.Exists(Path.Combine(dir, "cuda"));
    }

    // Where python3's torch has CUDA, the route to it: this program carries its own CPU libtorch, and one process cannot load two.
    private static string PythonCudaHint() =>
        InstalledLibtorch.PythonTorchLib() is { } lib && File.Exists(Path.Combine(lib, InstalledLibtorch.CudaLibraryFileName))
            ? $"; python3's torch at {lib} has CUDA, but this program carries its own CPU libtorch and one process cannot load two: run a build without "
              + $"libtorch's native files (bash build/bundle.sh makes one) with {InstalledLibtorch.EnvironmentVariable}={lib}"
            : "";
}

/// <summary>A device was asked for that this process cannot use.</summary>
public sealed class DeviceUnavailableException : SigmoidTorchException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public DeviceUnavailableException(string message) : base(message) { }
}

namespace SigmoidTorch.Devices;

/// <summary>Where the libtorch a process runs on came from.</summary>
public enum LibtorchSource
{
    /// <summary>The program's own copy, beside it (a backend package: TorchSharp-cpu, TorchSharp-cuda-linux, ...).</summary>
    BuiltIn,

    /// <summary>The folder named by <see cref="InstalledLibtorch.EnvironmentVariable"/>.</summary>
    EnvironmentVariable,

    /// <summary>The lib folder of the torch package that <c>python3</c> imports (PyTorch installed on the machine).</summary>
    Python,
}

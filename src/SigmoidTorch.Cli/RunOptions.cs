using System.CommandLine;
using SigmoidTorch.Devices;
using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Cli;

/// <summary>
/// The shared flags that say how a run computes and reports: --device, --dtype, --seed, --json, --verbose (and
/// --threads, applied to libtorch when resolved).
/// </summary>
public sealed class RunOptions
{
    /// <summary>The flags of <paramref name="result"/> that need no libtorch (the device and threads come with <see cref="ResolveDevice"/>).</summary>
    internal RunOptions(ParseResult result, CommonOptions options)
    {
        Json = result.GetValue(options.Json);
        Verbose = result.GetValue(options.Verbose);
        DType = result.GetValue(options.DType) == "float32" ? ScalarType.Float32 : ScalarType.Float64;
        Seed = options.Flags.HasFlag(FlagSet.Seed) ? result.GetValue(options.Seed) : 0;
    }

    /// <summary>Resolves --device and applies --threads: this loads libtorch, so a run does it once its other checks have passed.</summary>
    internal void ResolveDevice(ParseResult result, CommonOptions options)
    {
        device = DeviceSelector.Resolve(result.GetValue(options.Device));
        torch.set_num_threads(result.GetValue(options.Threads));
    }

    private Device? device;

    /// <summary>The device the run uses.</summary>
    public Device Device => device ?? throw new InvalidOperationException("the device is resolved once the run's checks have passed");

    /// <summary>float32 or float64.</summary>
    public ScalarType DType { get; }

    /// <summary>--seed (0 for a program that takes none: nothing it does is random).</summary>
    public long Seed { get; }

    /// <summary>--json: stdout carries one JSON object and nothing else.</summary>
    public bool Json { get; }

    /// <summary>--verbose.</summary>
    public bool Verbose { get; }
}

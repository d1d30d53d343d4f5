using System.Reflection;
using SigmoidTorch.Devices;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// Theory data: every cross-check case on the CPU (with <see cref="ForFiniteDifferences"/>, those
/// <see cref="CrossCheckCase.All"/> holds against finite differences).
/// </summary>
public sealed class CpuCasesAttribute : DataAttribute
{
    public bool ForFiniteDifferences { get; set; }

    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        new(CrossCheckCase.All("cpu", ForFiniteDifferences).Select(c => (ITheoryDataRow)new TheoryDataRow(c.Row())).ToList());

    public override bool SupportsDiscoveryEnumeration() => true;
}

/// <summary>
/// Theory data: every cross-check case on every CUDA device. Where CUDA cannot be used, the cases are still
/// listed (on "cuda"), each skipped with the reason, so a CPU-only run shows what it did not test (the console
/// reports them as one line per test method with the count; the results file lists every row).
/// </summary>
public sealed class CudaCasesAttribute : DataAttribute
{
    public bool ForFiniteDifferences { get; set; }

    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker)
    {
        string? why = DeviceSelector.CudaUnavailableReason();
        var devices = why is null
            ? DeviceSelector.Available().Where(d => d.type == TorchSharp.DeviceType.CUDA).Select(d => d.ToString()).ToList()
            : ["cuda"];
        return new(devices.SelectMany(device => CrossCheckCase.All(device, ForFiniteDifferences))
            .Select(c => (ITheoryDataRow)new TheoryDataRow(c.Row()) { Skip = why is null ? null : $"CUDA not usable here: {why}" })
            .ToList());
    }

    public override bool SupportsDiscoveryEnumeration() => true;
}

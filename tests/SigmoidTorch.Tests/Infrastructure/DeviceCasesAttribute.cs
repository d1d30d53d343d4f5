using System.Reflection;
using SigmoidTorch.Devices;
using Xunit.Sdk;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// Theory data: every cross-check case on the CPU.
/// </summary>
public sealed class CpuCasesAttribute : DataAttribute
{
    public bool Float64Only { get; set; }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        CrossCheckCase.All("cpu", Float64Only).Select(c => new object[] { c.Model, c.Activation, c.OutputActivation, c.Loss, c.Bias, c.Batch, c.DType, c.Device });
}

/// <summary>
/// Theory data: every cross-check case on every CUDA device. Where CUDA cannot be used, the cases are still
/// listed (on "cuda") and reported as skipped, with the reason, so a CPU-only run shows what it did not test.
/// </summary>
public sealed class CudaCasesAttribute : DataAttribute
{
    public CudaCasesAttribute()
    {
        if (DeviceSelector.CudaUnavailableReason() is { } why)
            Skip = $"CUDA not usable here: {why}";
    }

    public bool Float64Only { get; set; }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        var devices = Skip is null
            ? DeviceSelector.Available().Where(d => d.type == TorchSharp.DeviceType.CUDA).Select(d => d.ToString()).ToList()
            : new List<string> { "cuda" };
        return devices.SelectMany(device => CrossCheckCase.All(device, Float64Only))
            .Select(c => new object[] { c.Model, c.Activation, c.OutputActivation, c.Loss, c.Bias, c.Batch, c.DType, c.Device });
    }
}

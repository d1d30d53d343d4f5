using SigmoidTorch.Devices;
using Xunit;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// Theory rows for every device: each case on "cpu", then on "cuda" — skipped, with the reason, where CUDA cannot be
/// used (so a CPU-only run shows what it did not test), run for real where it can (the bundle on a GPU machine).
/// </summary>
internal static class DeviceRows
{
    /// <summary>The <paramref name="cases"/> with the device appended as their last argument.</summary>
    public static IEnumerable<ITheoryDataRow> OnEveryDevice(IEnumerable<object?[]> cases)
    {
        string? why = DeviceSelector.CudaUnavailableReason();
        var list = cases.ToList();
        return list.Select(c => (ITheoryDataRow)new TheoryDataRow([.. c, "cpu"]))
            .Concat(list.Select(c => new TheoryDataRow([.. c, "cuda"]) { Skip = why is null ? null : $"CUDA not usable here: {why}" }))
            .ToList();
    }
}

using System.Runtime.InteropServices;
using SigmoidTorch.Cli;
using Xunit;

namespace SigmoidTorch.Tests.Cli;

/// <summary>
/// Allocation failures that get past the size checks become one plain line, not an "unexpected" error: .NET's
/// OutOfMemoryException and libtorch's "not enough memory" (an ExternalException with libtorch's own words).
/// </summary>
public class ErrorMessageTests
{
    /// <summary>A real one: libtorch asked for a tensor of 2^45 float32 values (128 TiB), which no machine here has.</summary>
    [Fact]
    public void LibtorchAllocationFailuresAreOneLine()
    {
        var e = Assert.ThrowsAny<ExternalException>(() => TorchSharp.torch.empty(1L << 45).Dispose());
        string line = ProgramHost.Describe(e);
        Assert.StartsWith("out of memory: libtorch could not allocate a tensor (", line, StringComparison.Ordinal);
        Assert.Contains("you tried to allocate 140737488355328 bytes", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

#pragma warning disable CA2201 // the runtime's own exception types are what ProgramHost must recognise
    [Fact]
    public void DotnetAllocationFailuresAreOneLine() =>
        Assert.StartsWith("out of memory: the run needed more memory than .NET could get", ProgramHost.Describe(new OutOfMemoryException()), StringComparison.Ordinal);

    [Fact]
    public void OtherLibtorchErrorsStayUnexpected() =>
        Assert.StartsWith("unexpected ExternalException: ", ProgramHost.Describe(new ExternalException("shape mismatch")), StringComparison.Ordinal);
#pragma warning restore CA2201

    [Fact]
    public void TheInterruptionLineSaysWhereAndWhat()
    {
        Assert.Equal("P: interrupted (Ctrl-C) during training (12/3000), 2.5 s into the run; nothing was saved",
            Interruption.Describe("P", PosixSignal.SIGINT, "during training (12/3000)", 2.5, Array.Empty<string>()));
        Assert.Equal("P: terminated (SIGTERM) during drawing plots (2/3), 9.0 s into the run; nothing was saved but the 2 file(s) written before it (the last: out/hidden.png)",
            Interruption.Describe("P", PosixSignal.SIGTERM, "during drawing plots (2/3)", 9, new[] { "out/loss.png", "out/hidden.png" }));
    }
}

using SigmoidTorch.TestLogger;
using Xunit;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>The test console's skip summary: one line per test method and reason, with the count.</summary>
public class SkipSummaryTests
{
    [Fact]
    public void RowsOfOneMethodSkippedForOneReasonAreOneLineWithTheirCount()
    {
        var summary = new SkipSummary();
        for (int i = 0; i < 315; i++)
            summary.Add($"Ns.Sub.CrossCheckTests.Gradients(batch: {i}, device: \"cuda\")", "CUDA not usable here: no device");
        summary.Add("Ns.Sub.CrossCheckTests.Updates", "CUDA not usable here: no device");
        summary.Add("Ns.Sub.CrossCheckTests.Gradients(batch: 1, device: \"cuda:1\")", "another\nreason");

        Assert.Equal(317, summary.Count);
        Assert.Equal(
        [
            "skipped 315 rows of CrossCheckTests.Gradients: CUDA not usable here: no device",
            "skipped CrossCheckTests.Gradients: another reason",
            "skipped CrossCheckTests.Updates: CUDA not usable here: no device",
        ], summary.Lines());
    }

    [Fact]
    public void ASkipWithoutAReasonSaysSo()
    {
        var summary = new SkipSummary();
        summary.Add("Tests.Method", null);
        Assert.Equal(["skipped Tests.Method: (no reason given)"], summary.Lines());
    }

    [Theory]
    [InlineData("Ns.Sub.Class.Method", "Class.Method")]
    [InlineData("Class.Method", "Class.Method")]
    [InlineData("Method", "Method")]
    public void ShortNameKeepsClassAndMethod(string full, string shortName) => Assert.Equal(shortName, SkipSummary.ShortName(full));
}

using Xunit;

namespace SigmoidTorch.Plotting.Tests;

public class NiceTicksTests
{
    [Fact]
    public void Linear_GivesRoundValuesInsideTheRange()
    {
        Assert.Equal([-3, -2, -1, 0, 1, 2, 3], NiceTicks.Linear(-3, 3, 5));
        Assert.Equal([0.2, 0.4, 0.6, 0.8], NiceTicks.Linear(0.13, 0.97, 4));
        Assert.Equal([200, 400, 600, 800, 1000, 1200], NiceTicks.Linear(13.7, 1234.5, 6));
    }

    private static string[] MajorLabels((double Lo, double Hi, NiceTicks.TickMark[] Ticks) axis) =>
        [.. axis.Ticks.Where(t => t.IsMajor).OrderBy(t => t.Position).Select(t => t.Label!)];

    [Fact]
    public void LogAxis_UsesDecadesForWideRanges()
    {
        var axis = NiceTicks.LogAxis(-4.2, 0.1);
        Assert.Equal(["1E-05", "0.0001", "0.001", "0.01", "0.1", "1", "10"], MajorLabels(axis));
        Assert.Equal((-5, 1), (axis.Lo, axis.Hi));
        Assert.Contains(axis.Ticks, t => !t.IsMajor && Math.Abs(t.Position - Math.Log10(0.02)) < 1e-12);
    }

    [Fact]
    public void LogAxis_Uses125WithinAFewDecades()
    {
        var axis = NiceTicks.LogAxis(Math.Log10(0.009), Math.Log10(0.7));
        Assert.Equal(["0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"], MajorLabels(axis));
        foreach (NiceTicks.TickMark t in axis.Ticks.Where(t => t.IsMajor))
            Assert.Equal(double.Parse(t.Label!, System.Globalization.CultureInfo.InvariantCulture), Math.Pow(10, t.Position), 9);
    }

    [Fact]
    public void LogAxis_LabelsReachBelowTheLowestValue()
    {
        // The case: a loss curve from 0.55 down to 0.1125 had its lowest label, 0.2, above the curve's end.
        var axis = NiceTicks.LogAxis(Math.Log10(0.1125), Math.Log10(0.55));
        string[] labels = MajorLabels(axis);
        Assert.Equal("0.1", labels[0]);
        Assert.Equal("1", labels[^1]);
        // A narrower band gets every integer multiple labelled rather than a mostly empty axis.
        Assert.Equal(["0.02", "0.03", "0.04", "0.05", "0.06", "0.07", "0.08", "0.09", "0.1", "0.2", "0.3"],
            MajorLabels(NiceTicks.LogAxis(Math.Log10(0.028), Math.Log10(0.23))));
    }

    [Fact]
    public void LogAxis_FallsBackToLinearValuesForNarrowRanges()
    {
        Assert.Equal(["0.3", "0.4", "0.5"], MajorLabels(NiceTicks.LogAxis(Math.Log10(0.31), Math.Log10(0.49))));
        Assert.Equal(["0.3", "0.32", "0.34", "0.36", "0.38", "0.4"], MajorLabels(NiceTicks.LogAxis(Math.Log10(0.31), Math.Log10(0.39))));
    }

    [Fact]
    public void LogAxis_ThinsManyDecades()
    {
        var axis = NiceTicks.LogAxis(-20, 5);
        Assert.InRange(axis.Ticks.Count(t => t.IsMajor), 3, 13);
        Assert.True(axis.Lo <= -20 && axis.Hi >= 5);
    }

    [Theory]
    [InlineData(-20.3, 4.7)]
    [InlineData(-4.2, 0.1)]
    [InlineData(-2.95, -0.26)]
    [InlineData(-1.55, -0.64)]
    [InlineData(-0.52, -0.31)]
    [InlineData(0.001, 0.002)]
    [InlineData(3.3, 3.3)]
    [InlineData(-7.01, -6.99)]
    [InlineData(2, 3)]
    public void LogAxis_EndsAtLabelsAtOrBeyondTheData(double logLo, double logHi)
    {
        var (lo, hi, ticks) = NiceTicks.LogAxis(logLo, logHi);
        var majors = ticks.Where(t => t.IsMajor).Select(t => t.Position).Order().ToArray();
        Assert.InRange(majors.Length, 2, 13);
        Assert.True(majors[0] <= logLo + 1e-12, $"lowest label at {majors[0]} is above the data's lowest, {logLo}");
        Assert.True(majors[^1] >= logHi - 1e-12, $"highest label at {majors[^1]} is below the data's highest, {logHi}");
        Assert.Equal(majors[0], lo, 12);
        Assert.Equal(majors[^1], hi, 12);
        Assert.All(ticks, t => Assert.InRange(t.Position, lo - 1e-12, hi + 1e-12));
        if (logHi - logLo > 0.3)
            Assert.True(logHi - logLo >= (hi - lo) / 2, $"the data [{logLo}, {logHi}] fill less than half of the axis [{lo}, {hi}]");
    }

    [Fact]
    public void LinearCovering_EndsAtRoundValuesAtOrBeyondTheData()
    {
        var (zero, one, tenths) = NiceTicks.LinearCovering(1e-4, 0.9999);
        Assert.Equal((0.0, 1.0), (zero, one));
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1], tenths);
        var (lo, hi, values) = NiceTicks.LinearCovering(-3.7, 12.2);
        Assert.True(lo <= -3.7 && hi >= 12.2);
        Assert.Equal(values[0], lo);
        Assert.Equal(values[^1], hi);
    }
}

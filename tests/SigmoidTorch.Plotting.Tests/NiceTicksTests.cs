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

    [Fact]
    public void Log10_UsesDecadesForWideRanges()
    {
        NiceTicks.TickMark[] ticks = NiceTicks.Log10(-4.2, 0.1);
        Assert.Equal(["0.0001", "0.001", "0.01", "0.1", "1"], ticks.Where(t => t.IsMajor).Select(t => t.Label));
        Assert.Contains(ticks, t => !t.IsMajor && Math.Abs(t.Position - Math.Log10(0.02)) < 1e-12);
    }

    [Fact]
    public void Log10_Uses125WithinAboutADecade()
    {
        NiceTicks.TickMark[] ticks = NiceTicks.Log10(Math.Log10(0.009), Math.Log10(0.7));
        Assert.Equal(["0.01", "0.02", "0.05", "0.1", "0.2", "0.5"], ticks.Where(t => t.IsMajor).Select(t => t.Label));
        foreach (NiceTicks.TickMark t in ticks.Where(t => t.IsMajor))
            Assert.Equal(double.Parse(t.Label!, System.Globalization.CultureInfo.InvariantCulture), Math.Pow(10, t.Position), 9);
    }

    [Fact]
    public void Log10_FallsBackToLinearValuesForNarrowRanges()
    {
        NiceTicks.TickMark[] ticks = NiceTicks.Log10(Math.Log10(0.3), Math.Log10(0.5));
        Assert.True(ticks.Count(t => t.IsMajor) >= 3);
        Assert.All(ticks, t => Assert.InRange(t.Position, Math.Log10(0.3) - 1e-12, Math.Log10(0.5) + 1e-12));
    }

    [Fact]
    public void Log10_ThinsManyDecades()
    {
        NiceTicks.TickMark[] ticks = NiceTicks.Log10(-20, 5);
        int majors = ticks.Count(t => t.IsMajor);
        Assert.InRange(majors, 3, 13);
    }
}

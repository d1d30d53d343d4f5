using SigmoidTorch.Plotting.Tests.Infrastructure;
using SkiaSharp;
using Xunit;

namespace SigmoidTorch.Plotting.Tests;

public class ChartsTests
{
    private static readonly double[] Epochs = [.. Enumerable.Range(0, 50).Select(i => (double)i)];

    private static readonly ContourLabels Labels = new("x1", "x2", "σ(x1 + 2·x2)", "class 0", "class 1");

    private static Series Decay(string label, double rate, SeriesStyle style = SeriesStyle.Line) =>
        new(label, Epochs, [.. Epochs.Select(e => 0.7 * Math.Exp(-e * rate) + 0.001)], style);

    private static (double[] Xs, double[] Ys) Grid(int nx = 41, int ny = 31)
    {
        double[] xs = [.. Enumerable.Range(0, nx).Select(i => -2 + 4.0 * i / (nx - 1))];
        double[] ys = [.. Enumerable.Range(0, ny).Select(i => -1.5 + 3.0 * i / (ny - 1))];
        return (xs, ys);
    }

    private static double[,] Field(double[] xs, double[] ys, Func<double, double, double> f)
    {
        var z = new double[ys.Length, xs.Length];
        for (int iy = 0; iy < ys.Length; iy++)
        {
            for (int ix = 0; ix < xs.Length; ix++)
                z[iy, ix] = f(xs[ix], ys[iy]);
        }
        return z;
    }

    [Theory]
    [InlineData(false, 800, 600)]
    [InlineData(true, 640, 480)]
    public void Lines_IsPngOfRequestedSize(bool logY, int width, int height)
    {
        byte[] png = Charts.Lines("loss", "epoch", "MSE", [Decay("a", 0.1), Decay("b", 0.05, SeriesStyle.LineAndMarkers)],
            logY, width, height);
        using SKBitmap bitmap = PngAssert.IsPng(png, width, height);
        Assert.True(PngAssert.DistinctColors(bitmap) > 20, "the chart looks empty");
    }

    [Fact]
    public void Lines_DefaultSizeIs800By600()
    {
        using SKBitmap bitmap = PngAssert.IsPng(Charts.Lines("t", "x", "y", [Decay("only", 0.1, SeriesStyle.Markers)]), 800, 600);
    }

    [Fact]
    public void Lines_LogAxisDiffersFromLinear()
    {
        Series[] series = [Decay("a", 0.1), Decay("b", 0.05)];
        using SKBitmap linear = PngAssert.IsPng(Charts.Lines("t", "x", "y", series), 800, 600);
        using SKBitmap log = PngAssert.IsPng(Charts.Lines("t", "x", "y", series, logY: true), 800, 600);
        Assert.True(PngAssert.DifferingFraction(linear, log) > 0.01);
    }

    [Fact]
    public void Lines_SkipsValuesALogAxisCannotShow()
    {
        var series = new Series("gappy", [0, 1, 2, 3, 4, 5], [1, 0.5, 0, -1, double.NaN, 0.01]);
        using SKBitmap bitmap = PngAssert.IsPng(Charts.Lines("t", "x", "y", [series], logY: true, 400, 300), 400, 300);
    }

    [Fact]
    public void Lines_AcceptsNoDrawablePoints()
    {
        var empty = new Series("nothing", [], []);
        var negative = new Series("negative", [1, 2], [-1, -2]);
        using SKBitmap a = PngAssert.IsPng(Charts.Lines("t", "x", "y", [empty], false, 300, 200), 300, 200);
        using SKBitmap b = PngAssert.IsPng(Charts.Lines("t", "x", "y", [negative], true, 300, 200), 300, 200);
    }

    [Fact]
    public void Lines_RejectsMismatchedLengthsAndBadSizes()
    {
        var bad = new Series("bad", [1, 2, 3], [1, 2]);
        Assert.Throws<ArgumentException>(() => Charts.Lines("t", "x", "y", [bad]));
        Assert.Throws<ArgumentException>(() => Charts.Lines("t", "x", "y", [Decay("a", 0.1)], width: 0));
        Assert.Throws<ArgumentException>(() => Charts.Lines("t", "x", "y", [Decay("a", 0.1)], height: -5));
    }

    [Fact]
    public void Lines_WithDataInEveryCornerPutsTheLegendOutsideAndStillDraws()
    {
        // A dense zig-zag fills the whole data area, so no corner is free for the legend.
        double[] x = [.. Enumerable.Range(0, 200).Select(i => (double)i)];
        double[] y = [.. x.Select(v => v % 2)];
        using SKBitmap bitmap = PngAssert.IsPng(Charts.Lines("t", "x", "y", [new("zig", x, y), new("zag", x, [.. y.Select(v => 1 - v)])]), 800, 600);
        Assert.True(PngAssert.DistinctColors(bitmap) > 20, "the chart looks empty");
    }

    [Fact]
    public void Lines_DrawsMarksAndRefusesMarksItCannotPlace()
    {
        Series[] series = [Decay("a", 0.1), Decay("b", 0.05)];
        using SKBitmap plain = PngAssert.IsPng(Charts.Lines("t", "x", "y", series), 800, 600);
        using SKBitmap marked = PngAssert.IsPng(Charts.Lines("t", "x", "y", series, marks: [new Mark(25, 0.3, "look here")]), 800, 600);
        Assert.True(PngAssert.DifferingFraction(plain, marked) > 0.002, "the mark is not visible");
        Assert.Throws<ArgumentException>(() => Charts.Lines("t", "x", "y", series, logY: true, marks: [new Mark(1, 0, "zero")]));
        Assert.Throws<ArgumentException>(() => Charts.Lines("t", "x", "y", series, marks: [new Mark(double.NaN, 1, "nowhere")]));
    }

    [Fact]
    public void Contour_IsPngOfRequestedSize()
    {
        var (xs, ys) = Grid();
        double[,] z = Field(xs, ys, (x, y) => 1 / (1 + Math.Exp(-(x + 2 * y))));
        (double, double, int)[] points = [(-1, -1, 0), (1, 1, 1), (0.5, -0.2, 0)];
        using SKBitmap bitmap = PngAssert.IsPng(Charts.Contour("regions", xs, ys, z, points, Labels, 640, 480), 640, 480);
        using SKBitmap byDefault = PngAssert.IsPng(Charts.Contour("regions", xs, ys, z, points, Labels), 800, 600);
    }

    [Fact]
    public void Contour_DifferentFieldsGiveVisiblyDifferentPictures()
    {
        var (xs, ys) = Grid();
        double[,] diagonal = Field(xs, ys, (x, y) => 1 / (1 + Math.Exp(-3 * (x + y))));
        double[,] vertical = Field(xs, ys, (x, _) => 1 / (1 + Math.Exp(3 * x)));
        (double, double, int)[] points = [(-1, -1, 0), (1, 1, 1)];
        using SKBitmap a = PngAssert.IsPng(Charts.Contour("t", xs, ys, diagonal, points, Labels, 400, 300), 400, 300);
        using SKBitmap b = PngAssert.IsPng(Charts.Contour("t", xs, ys, vertical, points, Labels, 400, 300), 400, 300);
        Assert.True(PngAssert.DifferingFraction(a, b) > 0.15, "the two decision fields look alike");
    }

    [Fact]
    public void Contour_PutsRowZeroAtTheBottom_Red0Blue1()
    {
        // z = 1 (blue) where y > 0, z = 0 (red) below: the top of the data area must be blue, the bottom red.
        var (xs, ys) = Grid();
        double[,] z = Field(xs, ys, (_, y) => y > 0 ? 1 : 0);
        using SKBitmap bitmap = PngAssert.IsPng(Charts.Contour("t", xs, ys, z, [], Labels, 800, 600), 800, 600);
        SKColor top = bitmap.GetPixel(350, 150), bottom = bitmap.GetPixel(350, 450);
        Assert.True(top.Blue > top.Red + 40, $"top should be blue, is {top}");
        Assert.True(bottom.Red > bottom.Blue + 40, $"bottom should be red, is {bottom}");
    }

    [Fact]
    public void Contour_ToleratesMissingAndOutOfRangeValues()
    {
        var (xs, ys) = Grid(11, 9);
        double[,] partly = Field(xs, ys, (x, y) => x < 0 ? double.NaN : x + y);
        double[,] none = Field(xs, ys, (_, _) => double.NaN);
        double[,] infinite = Field(xs, ys, (x, _) => x < 0 ? double.NegativeInfinity : double.PositiveInfinity);
        foreach (double[,] z in new[] { partly, none, infinite })
        {
            using SKBitmap bitmap = PngAssert.IsPng(Charts.Contour("t", xs, ys, z, [(0, 0, 1)], Labels, 300, 200), 300, 200);
        }
    }

    [Fact]
    public void Contour_RejectsInconsistentInput()
    {
        var (xs, ys) = Grid();
        double[,] z = Field(xs, ys, (_, _) => 0.5);
        Assert.Throws<ArgumentException>(() => Charts.Contour("t", ys, xs, z, [], Labels));          // transposed grid
        Assert.Throws<ArgumentException>(() => Charts.Contour("t", [0], [0], new double[1, 1], [], Labels));
        Assert.Throws<ArgumentException>(() => Charts.Contour("t", [.. xs.Reverse()], ys, z, [], Labels));
        Assert.Throws<ArgumentException>(() => Charts.Contour("t", xs, ys, z, [(0, 0, 2)], Labels));
        Assert.Throws<ArgumentException>(() => Charts.Contour("t", xs, ys, z, [(double.NaN, 0, 1)], Labels));
    }

    [Fact]
    public void Surface_IsPngOfRequestedSizeAndDrawsSomething()
    {
        byte[] png = Charts.Surface("bowl", (w, b) => w * w + b * b, -2, 2, -1, 3, "w", "b", "loss", 20, 640, 480);
        using SKBitmap bitmap = PngAssert.IsPng(png, 640, 480);
        Assert.True(PngAssert.DistinctColors(bitmap) > 100, "the surface looks empty");
        using SKBitmap byDefault = PngAssert.IsPng(
            Charts.Surface("bowl", (w, b) => w * w + b * b, -2, 2, -1, 3, "w", "b", "loss"), 800, 600);
    }

    [Fact]
    public void Surface_DifferentFunctionsDiffer()
    {
        using SKBitmap bowl = PngAssert.IsPng(Charts.Surface("s", (x, y) => x * x + y * y, -1, 1, -1, 1, "x", "y", "z",
            15, 400, 300), 400, 300);
        using SKBitmap saddle = PngAssert.IsPng(Charts.Surface("s", (x, y) => x * x - y * y, -1, 1, -1, 1, "x", "y", "z",
            15, 400, 300), 400, 300);
        Assert.True(PngAssert.DifferingFraction(bowl, saddle) > 0.05);
    }

    [Fact]
    public void Surface_ToleratesHolesAndFlatSurfaces()
    {
        using SKBitmap holes = PngAssert.IsPng(Charts.Surface("s", (x, y) => x > 0.5 ? double.NaN : x + y,
            0, 1, 0, 1, "x", "y", "z", 10, 300, 200), 300, 200);
        using SKBitmap flat = PngAssert.IsPng(Charts.Surface("s", (_, _) => 2, 0, 1, 0, 1, "x", "y", "z", 10, 300, 200),
            300, 200);
    }

    [Fact]
    public void Surface_RejectsBadArguments()
    {
        static double F(double x, double y) => x + y;
        Assert.Throws<ArgumentException>(() => Charts.Surface("s", F, 1, 1, 0, 1, "x", "y", "z"));
        Assert.Throws<ArgumentException>(() => Charts.Surface("s", F, 0, 1, 2, 1, "x", "y", "z"));
        Assert.Throws<ArgumentException>(() => Charts.Surface("s", F, 0, double.PositiveInfinity, 0, 1, "x", "y", "z"));
        Assert.Throws<ArgumentException>(() => Charts.Surface("s", F, 0, 1, 0, 1, "x", "y", "z", gridLines: 1));
        Assert.Throws<ArgumentException>(() => Charts.Surface("s", (_, _) => double.NaN, 0, 1, 0, 1, "x", "y", "z"));
    }

    [Fact]
    public void Heatmap_IsPngOfRequestedSize()
    {
        var values = new double[,] { { 0.1, 0.2, double.NaN }, { 0.3, 0.4, 0.5 } };
        byte[] png = Charts.Heatmap("sweep", "lr", "units", ["0.01", "0.1", "1"], ["2", "4"], values, "loss", 640, 480);
        using SKBitmap bitmap = PngAssert.IsPng(png, 640, 480);
        using SKBitmap byDefault = PngAssert.IsPng(
            Charts.Heatmap("sweep", "lr", "units", ["0.01", "0.1", "1"], ["2", "4"], values, "loss"), 800, 600);
    }

    [Fact]
    public void Heatmap_ShowsNaNCellsGrey()
    {
        var values = new double[,] { { double.NaN } };
        using SKBitmap bitmap = PngAssert.IsPng(Charts.Heatmap("t", "x", "y", ["c"], ["r"], values, "v", 600, 400), 600, 400);
        SKColor middle = bitmap.GetPixel(260, 200);
        Assert.InRange(middle.Red, 180, 235);
        Assert.Equal(middle.Red, middle.Green);
        Assert.Equal(middle.Red, middle.Blue);
    }

    [Fact]
    public void Heatmap_ToleratesInfinitiesAndConstantTables()
    {
        var infinite = new double[,] { { 1, double.PositiveInfinity }, { double.NegativeInfinity, double.NaN } };
        var constant = new double[,] { { 2, 2 }, { 2, 2 } };
        foreach (double[,] values in new[] { infinite, constant })
        {
            using SKBitmap bitmap = PngAssert.IsPng(
                Charts.Heatmap("t", "x", "y", ["a", "b"], ["r1", "r2"], values, "v", 300, 200), 300, 200);
        }
    }

    [Fact]
    public void Heatmap_DifferentValuesDiffer()
    {
        string[] cols = ["a", "b"], rows = ["r1", "r2"];
        using SKBitmap a = PngAssert.IsPng(Charts.Heatmap("t", "x", "y", cols, rows, new double[,] { { 1, 2 }, { 3, 4 } }, "v",
            400, 300), 400, 300);
        using SKBitmap b = PngAssert.IsPng(Charts.Heatmap("t", "x", "y", cols, rows, new double[,] { { 4, 3 }, { 2, 1 } }, "v",
            400, 300), 400, 300);
        Assert.True(PngAssert.DifferingFraction(a, b) > 0.2);
    }

    [Fact]
    public void Heatmap_RejectsLabelCountMismatch()
    {
        var values = new double[2, 3];
        Assert.Throws<ArgumentException>(() => Charts.Heatmap("t", "x", "y", ["a", "b"], ["r1", "r2"], values, "v"));
        Assert.Throws<ArgumentException>(() => Charts.Heatmap("t", "x", "y", ["a", "b", "c"], ["r1"], values, "v"));
        Assert.Throws<ArgumentException>(() => Charts.Heatmap("t", "x", "y", [], [], new double[0, 0], "v"));
    }
}

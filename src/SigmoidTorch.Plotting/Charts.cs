using ScottPlot;

namespace SigmoidTorch.Plotting;

// This file: what every chart shares (a new plot, the size check, PNG rendering, colour-bar ticks). One file per chart
// family: Charts.Lines.cs, Charts.Contour.cs, Charts.Surface.cs, Charts.Heatmap.cs; Charts.MarksAndLegend.cs places
// the marks' labels and the legend for the first two.
/// <summary>
/// Charts rendered to PNG images in memory (ScottPlot 5 drawing with SkiaSharp; no display or system graphics
/// library is needed). Every method returns the PNG file's bytes, <c>width</c> × <c>height</c>
/// pixels; a program writes them through SigmoidTorch's AtomicFile or collects them as frames for
/// <see cref="AnimatedGif.Encode"/>. Methods throw <see cref="ArgumentException"/> for inconsistent input
/// (mismatched lengths, a non-positive size, …).
/// </summary>
public static partial class Charts
{
    private const int MaxPixels = 16384;

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title ?? "");
        plot.XLabel(xLabel ?? "");
        plot.YLabel(yLabel ?? "");
        return plot;
    }

    /// <summary>Puts the colour bar's ticks, labelled, at <paramref name="ticks"/> only (no minor ticks).</summary>
    private static void SetColorBarTicks(ScottPlot.Panels.ColorBar colorBar, double[] ticks) =>
        colorBar.Axis.SetTicks(ticks, [.. ticks.Select(NiceTicks.TickLabel)]);

    private static byte[] Png(Plot plot, int width, int height) => plot.GetImageBytes(width, height, ImageFormat.Png);

    private static void CheckSize(int width, int height)
    {
        if (width is < 1 or > MaxPixels || height is < 1 or > MaxPixels)
            throw new ArgumentException($"Image size must be 1..{MaxPixels} pixels each way, got {width}×{height}.");
    }
}

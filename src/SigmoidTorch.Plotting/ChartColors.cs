using ScottPlot;

namespace SigmoidTorch.Plotting;

/// <summary>The fixed colours every chart uses, so that pictures from different runs compare at a glance.</summary>
internal static class ChartColors
{
    /// <summary>Line colours, in the order series are given (matplotlib's "tab10").</summary>
    internal static readonly Color[] SeriesPalette = Color.FromHex(
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]);

    /// <summary>Marker fill of class 0 points: a dark red, matching the red end of <see cref="DecisionBands"/>.</summary>
    internal static readonly Color Class0 = Color.FromHex("#b2182b");

    /// <summary>Marker fill of class 1 points: a dark blue, matching the blue end of <see cref="DecisionBands"/>.</summary>
    internal static readonly Color Class1 = Color.FromHex("#2166ac");

    /// <summary>Fill of a <see cref="Mark"/>: a strong yellow that stands out on the red–blue fields and the line colours.</summary>
    internal static readonly Color Mark = Color.FromHex("#ffd21f");

    /// <summary>Cells with no value (NaN).</summary>
    internal static readonly Color Missing = Color.FromHex("#d0d0d0");

    /// <summary>Light grey for the panes and grid of the 3-D box.</summary>
    internal static readonly Color Pane = Color.FromHex("#c8c8c8");

    /// <summary>
    /// A diverging red–white–blue colormap cut into ten flat bands of width 0.1 over [0, 1] (like a filled contour plot
    /// with levels 0, 0.1, …, 1): 0 is red (class 0), 0.5 is near white (the decision boundary), 1 is blue (class 1).
    /// The stops are ColorBrewer's RdBu, lightened a quarter of the way to white so that the class markers, in the
    /// full-strength end colours, stand out.
    /// </summary>
    internal static IColormap DecisionBands()
    {
        var smooth = new ScottPlot.Colormaps.CustomInterpolated(Color.FromHex(
            ["#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"]));
        const int bands = 10;
        var colors = new Color[bands];
        for (int i = 0; i < bands; i++)
            colors[i] = Lighten(smooth.GetColor((i + 0.5) / bands), 0.25);
        return new ScottPlot.Colormaps.Custom(colors, smooth: false);
    }

    /// <summary><paramref name="color"/> moved the <paramref name="fraction"/> of the way to white.</summary>
    private static Color Lighten(Color color, double fraction)
    {
        byte Towards255(byte channel) => (byte)Math.Round(channel + (255 - channel) * fraction);
        return new Color(Towards255(color.R), Towards255(color.G), Towards255(color.B), color.A);
    }

    /// <summary>The sequential colormap of the heat map and the 3-D surface (viridis: dark blue, low → yellow, high).</summary>
    internal static IColormap Sequential() => new ScottPlot.Colormaps.Viridis();

    /// <summary>A colormap that is <paramref name="color"/> everywhere.</summary>
    internal static IColormap Uniform(Color color) => new ScottPlot.Colormaps.Custom([color, color], smooth: false);

    /// <summary>Black or white, whichever reads better on <paramref name="background"/>.</summary>
    internal static Color TextOn(Color background)
    {
        double luminance = (0.299 * background.R + 0.587 * background.G + 0.114 * background.B) / 255;
        return luminance > 0.55 ? Colors.Black : Colors.White;
    }
}

using ScottPlot;
using ScottPlot.Plottables;

namespace SigmoidTorch.Plotting;

// 3-D surfaces (Charts.Surface), such as loss landscapes; the box and the projection are SurfaceBox and SurfaceView.
public static partial class Charts
{
    /// <summary>
    /// A 3-D picture of the surface z = f(x, y), such as a loss landscape: a grid of
    /// <paramref name="gridLines"/> × <paramref name="gridLines"/> points, drawn as filled quadrilaterals coloured by
    /// height (viridis, with a colour bar) and outlined in a darker shade of the same colour, seen from a fixed camera at
    /// azimuth -60° and elevation 30° (matplotlib's default 3-D view) in parallel projection, farthest patches first so
    /// nearer ones hide them. Around it are light grey back panes with grid lines and the three axes with round-number
    /// ticks and their labels (the height axis from a round value at or below the lowest point to one at or above the
    /// highest). x, y and z are each scaled to the box, so the picture's proportions do not depend on the units.
    /// ScottPlot's own axes and grid are hidden.
    /// </summary>
    /// <param name="title">Chart title.</param>
    /// <param name="f">The function to draw; it is called gridLines² times. Non-finite results leave holes.</param>
    /// <param name="xMin">Smallest x.</param>
    /// <param name="xMax">Largest x (greater than <paramref name="xMin"/>).</param>
    /// <param name="yMin">Smallest y.</param>
    /// <param name="yMax">Largest y (greater than <paramref name="yMin"/>).</param>
    /// <param name="xLabel">x axis label.</param>
    /// <param name="yLabel">y axis label.</param>
    /// <param name="zLabel">z axis label, also the colour bar's.</param>
    /// <param name="gridLines">Grid points along each of x and y, 2 to 400.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <returns>The PNG image's bytes.</returns>
    public static byte[] Surface(string title, Func<double, double, double> f, double xMin, double xMax,
        double yMin, double yMax, string xLabel, string yLabel, string zLabel, int gridLines = 30,
        int width = 800, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckSize(width, height);
        if (!double.IsFinite(xMin) || !double.IsFinite(xMax) || !(xMax > xMin))
            throw new ArgumentException($"Need finite xMin < xMax, got [{xMin}, {xMax}].", nameof(xMax));
        if (!double.IsFinite(yMin) || !double.IsFinite(yMax) || !(yMax > yMin))
            throw new ArgumentException($"Need finite yMin < yMax, got [{yMin}, {yMax}].", nameof(yMax));
        if (gridLines is < 2 or > 400)
            throw new ArgumentException($"gridLines must be in [2, 400], got {gridLines}.", nameof(gridLines));

        int n = gridLines;
        var gx = new double[n];
        var gy = new double[n];
        var gz = new double[n, n]; // gz[i, j] = f(gx[i], gy[j])
        for (int i = 0; i < n; i++)
        {
            gx[i] = xMin + (xMax - xMin) * i / (n - 1);
            gy[i] = yMin + (yMax - yMin) * i / (n - 1);
        }
        double zMin = double.PositiveInfinity, zMax = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double v = f(gx[i], gy[j]);
                gz[i, j] = v;
                if (double.IsFinite(v))
                {
                    zMin = Math.Min(zMin, v);
                    zMax = Math.Max(zMax, v);
                }
            }
        }
        if (zMin > zMax)
            throw new ArgumentException("f returned no finite value on the grid.", nameof(f));
        if (zMin == zMax)
        {
            zMin -= 0.5;
            zMax += 0.5;
        }

        // The height axis ends at labelled values at or beyond the surface's lowest and highest points.
        (zMin, zMax, double[] zTicks) = NiceTicks.LinearCovering(zMin, zMax, 4);

        using var plot = new Plot();
        plot.HideAxesAndGrid();
        plot.Title(title ?? ""); // after hiding the axes, which hides the title too
        var view = new SurfaceView(xMin, xMax, yMin, yMax, zMin, zMax);
        double[] xTicks = NiceTicks.Linear(xMin, xMax, 4), yTicks = NiceTicks.Linear(yMin, yMax, 4);

        SurfaceBox.DrawPanes(plot, view, (xMin, xMax), (yMin, yMax), (zMin, zMax), xTicks, yTicks, zTicks);

        IColormap colormap = ChartColors.Sequential();
        var patches = new List<(double Depth, Coordinates[] Corners, double Z)>();
        for (int i = 0; i + 1 < n; i++)
        {
            for (int j = 0; j + 1 < n; j++)
            {
                (int I, int J)[] corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
                if (corners.Any(c => !double.IsFinite(gz[c.I, c.J])))
                    continue;
                double zMean = corners.Average(c => gz[c.I, c.J]);
                double depth = view.Depth((gx[i] + gx[i + 1]) / 2, (gy[j] + gy[j + 1]) / 2, zMean);
                var projected = corners.Select(c =>
                {
                    var (px, py) = view.Project(gx[c.I], gy[c.J], gz[c.I, c.J]);
                    return new Coordinates(px, py);
                }).ToArray();
                patches.Add((depth, projected, zMean));
            }
        }
        foreach (var (_, corners, zMean) in patches.OrderBy(p => p.Depth))
        {
            Color color = colormap.GetColor((zMean - zMin) / (zMax - zMin));
            Polygon patch = plot.Add.Polygon(corners);
            patch.FillColor = color;
            patch.LineColor = color.Darken(0.35);
            patch.LineWidth = 1;
        }

        SurfaceBox.DrawAxes(plot, view, (xMin, xMax), (yMin, yMax), (zMin, zMax), xTicks, yTicks, zTicks,
            xLabel, yLabel, zLabel);

        // The colour bar needs a colour source: a hidden 1×2 heat map spanning [zMin, zMax].
        Heatmap scale = plot.Add.Heatmap(new double[,] { { zMin, zMax } });
        scale.Colormap = colormap;
        scale.IsVisible = false;
        ScottPlot.Panels.ColorBar colorBar = plot.Add.ColorBar(scale);
        colorBar.Label = zLabel;
        SetColorBarTicks(colorBar, zTicks);

        // With no axes around the data area, fix its margins: room for the title above and the colour bar at the right.
        plot.Layout.Fixed(new PixelPadding(left: 10, right: 110, bottom: 30, top: 50));
        plot.Axes.SetLimits(SurfaceBox.Bounds(view, (xMin, xMax), (yMin, yMax), (zMin, zMax)));
        plot.Axes.SquareUnits();
        return Png(plot, width, height);
    }
}

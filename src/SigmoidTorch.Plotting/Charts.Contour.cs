using ScottPlot;
using ScottPlot.Plottables;

namespace SigmoidTorch.Plotting;

// Decision-region pictures (Charts.Contour): a two-class classifier's output as flat colour bands, with the data points.
public static partial class Charts
{
    /// <summary>
    /// Decision-region picture of a two-class classifier: the values <paramref name="z"/> over a grid, drawn as a
    /// filled contour (ten flat colour bands over [0, 1], red at 0 through white at 0.5 to blue at 1, with a colour bar
    /// that says what the values are), and the data points on top: class 0 as dark red circles, class 1 as dark blue
    /// squares, with a legend in the first corner where it covers no point (else outside on the right).
    /// </summary>
    /// <param name="title">Chart title.</param>
    /// <param name="xs">
    /// Grid x coordinates: at least two, strictly increasing, and assumed evenly spaced (the picture spans
    /// [xs[0], xs[^1]] and places column ix at equal steps, whatever the spacing). The axes are widened to show any
    /// point outside the grid.
    /// </param>
    /// <param name="ys">Grid y coordinates: at least two, strictly increasing, assumed evenly spaced.</param>
    /// <param name="z">
    /// Values at the grid points, <c>z[iy, ix]</c> at (<c>xs[ix]</c>, <c>ys[iy]</c>), meant to lie in [0, 1] (such as a
    /// sigmoid output); values outside are shown in the end colours, NaN in grey.
    /// </param>
    /// <param name="points">Data points with their class, 0 or 1. May be empty.</param>
    /// <param name="labels">What the axes, the colour bar and the two classes are called.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="marks">Points to single out (<see cref="Mark"/>), drawn over the data; none by default.</param>
    /// <returns>The PNG image's bytes.</returns>
    public static byte[] Contour(string title, double[] xs, double[] ys, double[,] z,
        IReadOnlyList<(double X, double Y, int Class)> points, ContourLabels labels, int width = 800, int height = 600,
        IReadOnlyList<Mark>? marks = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(points);
        CheckSize(width, height);
        CheckGridAxis(xs, nameof(xs));
        CheckGridAxis(ys, nameof(ys));
        if (z.GetLength(0) != ys.Length || z.GetLength(1) != xs.Length)
            throw new ArgumentException(
                $"z is {z.GetLength(0)}×{z.GetLength(1)} but must be ys.Length×xs.Length = {ys.Length}×{xs.Length} (z[iy, ix]).",
                nameof(z));
        for (int i = 0; i < points.Count; i++)
        {
            var (px, py, c) = points[i];
            if (c is not (0 or 1))
                throw new ArgumentException($"points[{i}] has class {c}; only classes 0 and 1 are supported.", nameof(points));
            if (!double.IsFinite(px) || !double.IsFinite(py))
                throw new ArgumentException($"points[{i}] has a non-finite coordinate ({px}, {py}).", nameof(points));
        }
        marks = CheckMarks(marks, logY: false);

        using var plot = NewPlot(title, labels.X, labels.Y);
        // Flat colour bands drawn cell by cell would show the grid as steps along each band edge: interpolate z
        // (bilinearly) onto a grid about as fine as the pixels first, so the edges follow the field smoothly.
        double[,] clamped = (double[,])z.Clone();
        bool anyValue = false;
        for (int iy = 0; iy < ys.Length; iy++)
        {
            for (int ix = 0; ix < xs.Length; ix++)
            {
                if (!double.IsNaN(clamped[iy, ix]))
                {
                    clamped[iy, ix] = Math.Clamp(clamped[iy, ix], 0, 1); // the colours saturate there anyway
                    anyValue = true;
                }
            }
        }
        double[,] fine = Refine(clamped, Math.Max(1, (int)Math.Ceiling(Math.Max(
            (double)width / xs.Length, (double)height / ys.Length))));
        double dx = (xs[^1] - xs[0]) / (fine.GetLength(1) - 1), dy = (ys[^1] - ys[0]) / (fine.GetLength(0) - 1);
        // ScottPlot's heat map cannot take an all-NaN array (no data range): draw zeros in the "missing" grey instead.
        Heatmap field = plot.Add.Heatmap(anyValue ? fine : new double[fine.GetLength(0), fine.GetLength(1)]);
        field.Colormap = anyValue ? ChartColors.DecisionBands() : ChartColors.Uniform(ChartColors.Missing);
        field.ManualRange = new ScottPlot.Range(0, 1);
        field.NaNCellColor = ChartColors.Missing;
        field.FlipVertically = true; // row 0 is ys[0], the bottom of the picture
        field.Smooth = true;
        field.Rectangle = new CoordinateRect(xs[0] - dx / 2, xs[^1] + dx / 2, ys[0] - dy / 2, ys[^1] + dy / 2);
        ScottPlot.Panels.ColorBar colorBar = plot.Add.ColorBar(field);
        colorBar.Label = labels.Value;
        double[] bandEdges = [.. Enumerable.Range(0, 11).Select(i => i / 10.0)];
        SetColorBarTicks(colorBar, bandEdges);

        AddClassMarkers(plot, points, 0, labels.Class0, ChartColors.Class0, MarkerShape.FilledCircle);
        AddClassMarkers(plot, points, 1, labels.Class1, ChartColors.Class1, MarkerShape.FilledSquare);
        var markLabels = AddMarks(plot, marks, logY: false);

        double left = xs[0], right = xs[^1], bottom = ys[0], top = ys[^1];
        foreach (var (px, py) in points.Select(p => (p.X, p.Y)).Concat(marks.Select(m => (m.X, m.Y))))
        {
            left = Math.Min(left, px);
            right = Math.Max(right, px);
            bottom = Math.Min(bottom, py);
            top = Math.Max(top, py);
        }
        plot.Axes.SetLimits(left, right, bottom, top);
        plot.HideGrid();
        Legend? legend = null;
        if (points.Count > 0)
        {
            legend = plot.ShowLegend(Alignment.UpperRight);
            legend.BackgroundColor = Colors.White.WithAlpha(0.85);
        }
        var drawn = points.Select(p => (new Coordinates(p.X, p.Y), new Coordinates(p.X, p.Y))).ToList();
        return PngArranged(plot, legend, width, height, drawn, markLabels, clearance: 8);
    }

    private static void CheckGridAxis(double[] axis, string name)
    {
        if (axis.Length < 2)
            throw new ArgumentException($"{name} needs at least two grid coordinates, got {axis.Length}.", name);
        for (int i = 0; i < axis.Length; i++)
        {
            if (!double.IsFinite(axis[i]) || (i > 0 && !(axis[i] > axis[i - 1])))
                throw new ArgumentException($"{name} must be finite and strictly increasing ({name}[{i}] = {axis[i]}).", name);
        }
    }

    /// <summary>
    /// <paramref name="z"/> on a grid <paramref name="factor"/> times finer in each direction, with the same first and
    /// last points, by bilinear interpolation (NaN where a neighbouring point is NaN). At most about two million
    /// points: the factor is lowered to stay below that.
    /// </summary>
    private static double[,] Refine(double[,] z, int factor)
    {
        int ny = z.GetLength(0), nx = z.GetLength(1);
        while (factor > 1 && (double)((ny - 1) * factor + 1) * ((nx - 1) * factor + 1) > 2e6)
            factor--;
        if (factor <= 1)
            return (double[,])z.Clone();
        int fy = (ny - 1) * factor + 1, fx = (nx - 1) * factor + 1;
        var fine = new double[fy, fx];
        for (int iy = 0; iy < fy; iy++)
        {
            int y0 = Math.Min(iy / factor, ny - 2);
            double ty = (double)(iy - y0 * factor) / factor;
            for (int ix = 0; ix < fx; ix++)
            {
                int x0 = Math.Min(ix / factor, nx - 2);
                double tx = (double)(ix - x0 * factor) / factor;
                double bottom = z[y0, x0] * (1 - tx) + z[y0, x0 + 1] * tx;
                double top = z[y0 + 1, x0] * (1 - tx) + z[y0 + 1, x0 + 1] * tx;
                fine[iy, ix] = bottom * (1 - ty) + top * ty;
            }
        }
        return fine;
    }

    private static void AddClassMarkers(Plot plot, IReadOnlyList<(double X, double Y, int Class)> points, int cls,
        string name, Color color, MarkerShape shape)
    {
        double[] xs = [.. points.Where(p => p.Class == cls).Select(p => p.X)];
        double[] ys = [.. points.Where(p => p.Class == cls).Select(p => p.Y)];
        if (xs.Length == 0)
            return;
        Markers markers = plot.Add.Markers(xs, ys, shape, 9, color);
        markers.MarkerStyle.OutlineColor = Colors.Black;
        markers.MarkerStyle.OutlineWidth = 1;
        markers.LegendText = name;
    }
}

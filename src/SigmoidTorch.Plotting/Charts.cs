using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;

namespace SigmoidTorch.Plotting;

/// <summary>
/// Charts rendered to PNG images in memory (ScottPlot 5 drawing with SkiaSharp; no display or system graphics
/// library is needed). Every method returns the PNG file's bytes, <c>width</c> × <c>height</c>
/// pixels; a program writes them through SigmoidTorch's AtomicFile or collects them as frames for
/// <see cref="AnimatedGif.Encode"/>. Methods throw <see cref="ArgumentException"/> for inconsistent input
/// (mismatched lengths, a non-positive size, …).
/// </summary>
public static class Charts
{
    private const int MaxPixels = 16384;

    /// <summary>
    /// Line chart of one or more series against a shared x axis, such as loss curves. A legend is shown when more
    /// than one series has a label; it goes in the first corner of the data area where it covers no line or marker,
    /// else outside the data area on the right.
    /// </summary>
    /// <param name="title">Chart title.</param>
    /// <param name="xLabel">x axis label.</param>
    /// <param name="yLabel">y axis label.</param>
    /// <param name="series">The series, drawn in order in fixed colours (matplotlib's tab10 palette).</param>
    /// <param name="logY">
    /// Logarithmic y axis. ScottPlot 5 has no log axis, so the chart plots log10(y) and puts labelled ticks at 1, 2, 5 ×
    /// 10^n (or decades, or 1..9 × 10^n, whichever suits the range), with the axis running from a labelled value at or
    /// below the lowest point to one at or above the highest (<see cref="NiceTicks.LogAxis"/>); minor ticks fall on
    /// the other integer multiples of each decade, and the axis label gets " (log scale)" appended. Values &lt;= 0 cannot
    /// be shown and break the line, like NaN.
    /// </param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="marks">Points to single out (<see cref="Mark"/>), drawn over the series; none by default.</param>
    /// <returns>The PNG image's bytes.</returns>
    public static byte[] Lines(string title, string xLabel, string yLabel, IReadOnlyList<Series> series,
        bool logY = false, int width = 800, int height = 600, IReadOnlyList<Mark>? marks = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        CheckSize(width, height);
        for (int i = 0; i < series.Count; i++)
        {
            Series s = series[i] ?? throw new ArgumentException($"series[{i}] is null.", nameof(series));
            if (s.X is null || s.Y is null)
                throw new ArgumentException($"series[{i}] ('{s.Label}') has a null X or Y array.", nameof(series));
            if (s.X.Length != s.Y.Length)
                throw new ArgumentException(
                    $"series[{i}] ('{s.Label}') has {s.X.Length} x values but {s.Y.Length} y values.", nameof(series));
        }
        marks = CheckMarks(marks, logY);

        using var plot = NewPlot(title, xLabel, logY ? $"{yLabel} (log scale)" : yLabel);
        var legendItems = new List<LegendItem>();
        var drawn = new List<(Coordinates A, Coordinates B)>();
        double yLo = double.PositiveInfinity, yHi = double.NegativeInfinity;
        for (int i = 0; i < series.Count; i++)
        {
            Series s = series[i];
            Color color = ChartColors.SeriesPalette[i % ChartColors.SeriesPalette.Length];
            bool line = s.Style != SeriesStyle.Markers;
            bool markers = s.Style != SeriesStyle.Line;
            foreach ((double[] xs, double[] ys) in DrawableRuns(s.X, s.Y, logY))
            {
                Scatter scatter = plot.Add.Scatter(xs, ys, color);
                scatter.LineWidth = line ? 2 : 0;
                scatter.MarkerSize = markers ? 5 : 0;
                yLo = Math.Min(yLo, ys.Min());
                yHi = Math.Max(yHi, ys.Max());
                for (int k = 0; k < xs.Length; k++)
                {
                    int next = line && k + 1 < xs.Length ? k + 1 : k; // a line joins each point to the next; a marker is a point
                    drawn.Add((new Coordinates(xs[k], ys[k]), new Coordinates(xs[next], ys[next])));
                }
            }
            if (!string.IsNullOrWhiteSpace(s.Label))
            {
                legendItems.Add(new LegendItem
                {
                    LabelText = s.Label,
                    LineColor = color,
                    LineWidth = line ? 2 : 0,
                    MarkerShape = markers ? MarkerShape.FilledCircle : MarkerShape.None,
                    MarkerFillColor = color,
                    MarkerLineColor = color,
                    MarkerSize = markers ? 5 : 0,
                });
            }
        }
        var labels = AddMarks(plot, marks, logY);
        foreach (Mark mark in marks)
        {
            double y = logY ? Math.Log10(mark.Y) : mark.Y;
            yLo = Math.Min(yLo, y);
            yHi = Math.Max(yHi, y);
        }

        plot.Axes.AutoScale();
        if (logY && yLo <= yHi)
        {
            var (axisLo, axisHi, tickMarks) = NiceTicks.LogAxis(yLo, yHi);
            double pad = (axisHi - axisLo) * 0.02; // keeps the end labels and the curve off the frame
            plot.Axes.SetLimitsY(axisLo - pad, axisHi + pad);
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            foreach (NiceTicks.TickMark tick in tickMarks)
            {
                if (tick.IsMajor)
                    ticks.AddMajor(tick.Position, tick.Label!);
                else
                    ticks.AddMinor(tick.Position);
            }
            plot.Axes.Left.TickGenerator = ticks;
        }

        Legend? legend = legendItems.Count > 1 ? plot.ShowLegend(legendItems, Alignment.UpperRight) : null;
        return PngArranged(plot, legend, width, height, drawn, labels, clearance: 6);
    }

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

    /// <summary>
    /// A table drawn as a heat map, such as a hyper-parameter sweep: one coloured cell per value (viridis, with a
    /// labelled colour bar), each showing its value printed with format "G3" in black or white, whichever reads better
    /// (when cells are too small for legible text, at least 7 points, they stay blank and the colour bar reads them).
    /// Row 0 is the top row, column 0 the left column; the row and column labels are the tick labels. NaN cells are
    /// grey and left blank.
    /// </summary>
    /// <param name="title">Chart title.</param>
    /// <param name="xLabel">Label under the columns.</param>
    /// <param name="yLabel">Label beside the rows.</param>
    /// <param name="columnLabels">One label per column of <paramref name="values"/>.</param>
    /// <param name="rowLabels">One label per row of <paramref name="values"/>.</param>
    /// <param name="values">The table, <c>values[row, column]</c>; at least one row and one column.</param>
    /// <param name="colorbarLabel">Label of the colour bar (what the values are).</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <returns>The PNG image's bytes.</returns>
    public static byte[] Heatmap(string title, string xLabel, string yLabel, IReadOnlyList<string> columnLabels,
        IReadOnlyList<string> rowLabels, double[,] values, string colorbarLabel, int width = 800, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(columnLabels);
        ArgumentNullException.ThrowIfNull(rowLabels);
        ArgumentNullException.ThrowIfNull(values);
        CheckSize(width, height);
        int rows = values.GetLength(0), cols = values.GetLength(1);
        if (rows == 0 || cols == 0)
            throw new ArgumentException($"values is {rows}×{cols}; it needs at least one row and one column.", nameof(values));
        if (rowLabels.Count != rows)
            throw new ArgumentException($"{rowLabels.Count} row labels for {rows} rows.", nameof(rowLabels));
        if (columnLabels.Count != cols)
            throw new ArgumentException($"{columnLabels.Count} column labels for {cols} columns.", nameof(columnLabels));

        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }
        if (lo > hi)
            (lo, hi) = (double.NaN, double.NaN); // no finite value: see below
        else if (lo == hi)
            (lo, hi) = (lo - 0.5, hi + 0.5);

        using var plot = NewPlot(title, xLabel, yLabel);
        // ScottPlot's heat map needs a finite data range: infinities are drawn in the end colours, and a table with no
        // values at all as zeros in the "missing" grey.
        bool anyValue = !double.IsNaN(lo);
        var intensities = new double[rows, cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
                intensities[r, c] = !anyValue ? 0 : double.IsNaN(values[r, c]) ? double.NaN : Math.Clamp(values[r, c], lo, hi);
        }
        if (!anyValue)
            (lo, hi) = (0, 1);
        Heatmap cells = plot.Add.Heatmap(intensities);
        IColormap colormap = anyValue ? ChartColors.Sequential() : ChartColors.Uniform(ChartColors.Missing);
        cells.Colormap = colormap;
        cells.ManualRange = new ScottPlot.Range(lo, hi);
        cells.NaNCellColor = ChartColors.Missing;
        // ScottPlot's default placement: cell (r, c) centred on (c, rows - 1 - r), so row 0 is the top row. (Setting
        // Rectangle instead draws nothing for a single row or column in ScottPlot 5.1.59.)
        ScottPlot.Panels.ColorBar colorBar = plot.Add.ColorBar(cells);
        colorBar.Label = colorbarLabel;
        double[] scaleTicks = NiceTicks.Linear(lo, hi, 6);
        SetColorBarTicks(colorBar, scaleTicks);

        double[] colCenters = [.. Enumerable.Range(0, cols).Select(c => (double)c)];
        double[] rowCenters = [.. Enumerable.Range(0, rows).Select(r => (double)(rows - 1 - r))];
        plot.Axes.Bottom.SetTicks(colCenters, [.. columnLabels]);
        plot.Axes.Left.SetTicks(rowCenters, [.. rowLabels]);
        if (columnLabels.Sum(l => l.Length + 1) * 8 > width - 260)
        {
            // Too long to sit side by side: slant them, and make room below for the slanted text and the axis label
            // (ScottPlot sizes the axis for unrotated labels).
            const float Degrees = 40;
            plot.Axes.Bottom.TickLabelStyle.Rotation = -Degrees;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            if (plot.Axes.Bottom is ScottPlot.AxisPanels.AxisBase bottom)
            {
                int longestLabel = columnLabels.Max(l => l.Length);
                bottom.MinimumSize = (float)(longestLabel * 7.5 * Math.Sin(Degrees * Math.PI / 180) + 50);
            }
        }

        var texts = new string?[rows, cols];
        int longest = 1;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                if (double.IsNaN(values[r, c]))
                    continue;
                texts[r, c] = values[r, c].ToString("G3", CultureInfo.InvariantCulture);
                longest = Math.Max(longest, texts[r, c]!.Length);
            }
        }
        // Rough size of a cell on screen: the figure less room for labels, title and colour bar.
        double cellWidth = Math.Max(1, width - 260.0) / cols, cellHeight = Math.Max(1, height - 150.0) / rows;
        double fits = Math.Min(cellHeight * 0.4, cellWidth / (0.62 * longest)); // the font size at which the text fills a cell
        float fontSize = (float)Math.Min(fits, 18);
        for (int r = 0; r < rows && fits >= 7; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                if (texts[r, c] is not string text)
                    continue;
                double v = values[r, c];
                Color background = colormap.GetColor(double.IsFinite(v) ? (v - lo) / (hi - lo) : v > 0 ? 1 : 0);
                Text label = plot.Add.Text(text, colCenters[c], rowCenters[r]);
                label.Alignment = Alignment.MiddleCenter;
                label.LabelFontSize = fontSize;
                label.LabelFontColor = ChartColors.TextOn(background);
            }
        }

        plot.Axes.SetLimits(-0.5, cols - 0.5, -0.5, rows - 0.5);
        plot.HideGrid();
        return Png(plot, width, height);
    }

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
    /// The maximal runs of consecutive points that can be drawn: both coordinates finite, and y &gt; 0 on a log axis
    /// (whose y values come back as log10(y)). A line breaks between runs instead of jumping over the gap.
    /// </summary>
    private static List<(double[] Xs, double[] Ys)> DrawableRuns(double[] x, double[] y, bool logY)
    {
        var runs = new List<(double[], double[])>();
        var xs = new List<double>();
        var ys = new List<double>();
        void Flush()
        {
            if (xs.Count > 0)
                runs.Add(([.. xs], [.. ys]));
            xs.Clear();
            ys.Clear();
        }
        for (int i = 0; i < x.Length; i++)
        {
            double yi = logY ? (y[i] > 0 ? Math.Log10(y[i]) : double.NaN) : y[i];
            if (double.IsFinite(x[i]) && double.IsFinite(yi))
            {
                xs.Add(x[i]);
                ys.Add(yi);
            }
            else
            {
                Flush();
            }
        }
        Flush();
        return runs;
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

    /// <summary>A mark's text beside its point: the text drawn, where the point is, and the text's size in pixels (its box included).</summary>
    private sealed record MarkLabel(Text Text, Coordinates At, PixelSize Size);

    private const float MarkGap = 14;

    private const float MarkSize = 18;

    private const float LegendMargin = 10;

    private static IReadOnlyList<Mark> CheckMarks(IReadOnlyList<Mark>? marks, bool logY)
    {
        marks ??= [];
        for (int i = 0; i < marks.Count; i++)
        {
            Mark m = marks[i] ?? throw new ArgumentException($"marks[{i}] is null.", nameof(marks));
            if (!double.IsFinite(m.X) || !double.IsFinite(m.Y) || (logY && m.Y <= 0))
                throw new ArgumentException($"marks[{i}] ('{m.Label}') at ({m.X}, {m.Y}) cannot be drawn{(logY ? " on a log axis" : "")}.", nameof(marks));
        }
        return marks;
    }

    /// <summary>Draws each mark as a large outlined diamond and its label as text on a white box; returns the labels.</summary>
    private static List<MarkLabel> AddMarks(Plot plot, IReadOnlyList<Mark> marks, bool logY)
    {
        var labels = new List<MarkLabel>();
        foreach (Mark m in marks)
        {
            var at = new Coordinates(m.X, logY ? Math.Log10(m.Y) : m.Y);
            Marker marker = plot.Add.Marker(at, MarkerShape.FilledDiamond, MarkSize, ChartColors.Mark);
            marker.MarkerStyle.OutlineColor = Colors.Black;
            marker.MarkerStyle.OutlineWidth = 2;
            if (string.IsNullOrWhiteSpace(m.Label))
                continue;
            Text text = plot.Add.Text(m.Label, at);
            text.Alignment = Alignment.MiddleLeft; // to the right of the mark until PngArranged looks
            text.OffsetX = MarkGap;
            text.LabelFontSize = 14;
            text.LabelBold = true;
            text.LabelBackgroundColor = Colors.White.WithAlpha(0.9);
            text.LabelBorderColor = Colors.Black;
            text.LabelBorderWidth = 1;
            text.LabelPadding = 4;
            using var paint = Paint.NewDisposablePaint();
            PixelSize size = text.LabelStyle.Measure(m.Label, paint).Size;
            labels.Add(new MarkLabel(text, at, new PixelSize(size.Width + 10, size.Height + 10)));
        }
        return labels;
    }

    /// <summary>
    /// The plot as PNG bytes with the legend and the marks' labels off the data (<see cref="Placement"/>). The first
    /// render shows the legend in the upper right and the labels to the right of their marks, and gives the layout;
    /// then each label goes on the side of its mark where it covers the fewest of <paramref name="drawn"/> (data
    /// coordinates), and <paramref name="legend"/> (if any) to the first place where it covers none of them, the marks or
    /// their labels, else outside the data area on the right. Only when that moved something is the plot drawn again.
    /// </summary>
    private static byte[] PngArranged(Plot plot, Legend? legend, int width, int height,
        IReadOnlyList<(Coordinates A, Coordinates B)> drawn, IReadOnlyList<MarkLabel> labels, float clearance)
    {
        if (legend is not null)
            legend.Margin = new PixelPadding(LegendMargin);
        byte[] png = Png(plot, width, height);
        if (legend is null && labels.Count == 0)
            return png;
        PixelRect area = plot.RenderManager.LastRender.DataRect;
        var segments = drawn.Select(s => (plot.GetPixel(s.A), plot.GetPixel(s.B))).ToList();
        var boxes = new List<PixelRect>();
        bool moved = false;
        foreach (MarkLabel label in labels)
        {
            Pixel at = plot.GetPixel(label.At);
            Placement.Side side = Placement.LabelSide(at, label.Size, MarkGap, area, segments);
            moved |= side != Placement.Side.Right;
            (label.Text.Alignment, label.Text.OffsetX, label.Text.OffsetY) = side switch
            {
                Placement.Side.Right => (Alignment.MiddleLeft, MarkGap, 0f),
                Placement.Side.Left => (Alignment.MiddleRight, -MarkGap, 0f),
                Placement.Side.Above => (Alignment.LowerCenter, 0f, -MarkGap),
                _ => (Alignment.UpperCenter, 0f, MarkGap),
            };
            boxes.Add(Placement.LabelBox(at, label.Size, MarkGap, side));
            boxes.Add(new PixelRect(at.X - MarkSize / 2, at.X + MarkSize / 2, at.Y + MarkSize / 2, at.Y - MarkSize / 2));
        }
        if (legend is not null)
        {
            using Image image = legend.GetImage();
            Alignment? place = Placement.FreeCorner(area, new PixelSize(image.Width, image.Height), LegendMargin, clearance, segments, boxes);
            if (place is null)
                plot.ShowLegend(Edge.Right);
            else
                legend.Alignment = place.Value;
            moved |= place != Alignment.UpperRight;
        }
        return moved ? Png(plot, width, height) : png;
    }
}

using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;

namespace SigmoidTorch.Plotting;

// Tables as heat maps (Charts.Heatmap), such as hyper-parameter sweeps.
public static partial class Charts
{
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
}

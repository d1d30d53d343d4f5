using ScottPlot;
using ScottPlot.Plottables;

namespace SigmoidTorch.Plotting;

// Line charts (Charts.Lines): series against a shared x axis, on a linear or log y axis.
public static partial class Charts
{
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
}

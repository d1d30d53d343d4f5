using ScottPlot;
using ScottPlot.Plottables;

namespace SigmoidTorch.Plotting;

// Marks (singled-out points with labels) and the placement of their labels and the legend off the data, for the
// line and decision-region charts.
public static partial class Charts
{
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

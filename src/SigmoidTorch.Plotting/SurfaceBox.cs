using ScottPlot;
using ScottPlot.Plottables;

namespace SigmoidTorch.Plotting;

/// <summary>
/// The box around <see cref="Charts.Surface"/>'s surface: the three far panes (floor, and the walls at x = xMin and
/// y = yMax, which face the camera) with grid lines at the ticks, and the three axes along the near edges with ticks,
/// tick labels and axis labels, placed the way matplotlib places them for this view.
/// </summary>
internal static class SurfaceBox
{
    private const double TickLength = 0.05;
    private const double TickLabelGap = 0.09;
    private const double AxisLabelGap = 0.38;
    private static readonly Color PaneFill = Color.FromHex("#f3f3f3");

    /// <summary>The panes and their grid lines: drawn first, under the surface.</summary>
    internal static void DrawPanes(Plot plot, SurfaceView view, (double Min, double Max) x, (double Min, double Max) y,
        (double Min, double Max) z, double[] xTicks, double[] yTicks, double[] zTicks)
    {
        Pane(plot, view, [(x.Min, y.Min, z.Min), (x.Max, y.Min, z.Min), (x.Max, y.Max, z.Min), (x.Min, y.Max, z.Min)]);
        Pane(plot, view, [(x.Min, y.Min, z.Min), (x.Min, y.Max, z.Min), (x.Min, y.Max, z.Max), (x.Min, y.Min, z.Max)]);
        Pane(plot, view, [(x.Min, y.Max, z.Min), (x.Max, y.Max, z.Min), (x.Max, y.Max, z.Max), (x.Min, y.Max, z.Max)]);

        foreach (double t in xTicks)
        {
            Segment(plot, view, (t, y.Min, z.Min), (t, y.Max, z.Min), ChartColors.Pane, 1);
            Segment(plot, view, (t, y.Max, z.Min), (t, y.Max, z.Max), ChartColors.Pane, 1);
        }
        foreach (double t in yTicks)
        {
            Segment(plot, view, (x.Min, t, z.Min), (x.Max, t, z.Min), ChartColors.Pane, 1);
            Segment(plot, view, (x.Min, t, z.Min), (x.Min, t, z.Max), ChartColors.Pane, 1);
        }
        foreach (double t in zTicks)
        {
            Segment(plot, view, (x.Min, y.Min, t), (x.Min, y.Max, t), ChartColors.Pane, 1);
            Segment(plot, view, (x.Min, y.Max, t), (x.Max, y.Max, t), ChartColors.Pane, 1);
        }
    }

    /// <summary>The three axes with ticks and labels: drawn last, over the surface.</summary>
    internal static void DrawAxes(Plot plot, SurfaceView view, (double Min, double Max) x, (double Min, double Max) y,
        (double Min, double Max) z, double[] xTicks, double[] yTicks, double[] zTicks,
        string xLabel, string yLabel, string zLabel)
    {
        // x runs along the near-left floor edge (y = yMin); its ticks point away from the box, towards -y.
        var (ux, uy) = view.ScreenDirection('y');
        Axis(plot, view, xTicks, t => (t, y.Min, z.Min), (-ux, -uy), xLabel, (x.Min + x.Max) / 2);

        // y runs along the near-right floor edge (x = xMax); its ticks point towards +x.
        Axis(plot, view, yTicks, t => (x.Max, t, z.Min), view.ScreenDirection('x'), yLabel, (y.Min + y.Max) / 2);

        // z rises at the left corner (xMin, yMin); its ticks point left on the drawing.
        Axis(plot, view, zTicks, t => (x.Min, y.Min, t), (-1, 0), zLabel, (z.Min + z.Max) / 2);

        Segment(plot, view, (x.Min, y.Min, z.Min), (x.Max, y.Min, z.Min), Colors.Black, 1.5f);
        Segment(plot, view, (x.Max, y.Min, z.Min), (x.Max, y.Max, z.Min), Colors.Black, 1.5f);
        Segment(plot, view, (x.Min, y.Min, z.Min), (x.Min, y.Min, z.Max), Colors.Black, 1.5f);
    }

    /// <summary>The drawing's extent: the projected box plus room for tick and axis labels.</summary>
    internal static CoordinateRect Bounds(SurfaceView view, (double Min, double Max) x, (double Min, double Max) y,
        (double Min, double Max) z)
    {
        double left = double.PositiveInfinity, right = double.NegativeInfinity;
        double bottom = double.PositiveInfinity, top = double.NegativeInfinity;
        foreach (double cx in new[] { x.Min, x.Max })
        {
            foreach (double cy in new[] { y.Min, y.Max })
            {
                foreach (double cz in new[] { z.Min, z.Max })
                {
                    var (px, py) = view.Project(cx, cy, cz);
                    (left, right) = (Math.Min(left, px), Math.Max(right, px));
                    (bottom, top) = (Math.Min(bottom, py), Math.Max(top, py));
                }
            }
        }
        return new CoordinateRect(left - 0.75, right + 0.45, bottom - 0.5, top + 0.05);
    }

    private static void Axis(Plot plot, SurfaceView view, double[] ticks, Func<double, (double, double, double)> at,
        (double X, double Y) outward, string label, double middle)
    {
        Alignment alignment = AlignmentFor(outward);
        foreach (double t in ticks)
        {
            var (x, y, z) = at(t);
            var (px, py) = view.Project(x, y, z);
            plot.Add.Line(px, py, px + outward.X * TickLength, py + outward.Y * TickLength).LineColor = Colors.Black;
            Text text = plot.Add.Text(NiceTicks.TickLabel(t),
                px + outward.X * TickLabelGap, py + outward.Y * TickLabelGap);
            text.Alignment = alignment;
            text.LabelFontSize = 12;
        }
        var (mx, my, mz) = at(middle);
        var (lx, ly) = view.Project(mx, my, mz);
        Text name = plot.Add.Text(label, lx + outward.X * AxisLabelGap, ly + outward.Y * AxisLabelGap);
        name.Alignment = alignment;
        name.LabelFontSize = 15;
        name.LabelBold = true;
    }

    /// <summary>Anchor a label on its side facing the axis, so that it extends away from the axis.</summary>
    private static Alignment AlignmentFor((double X, double Y) outward)
    {
        int h = outward.X > 0.35 ? 1 : outward.X < -0.35 ? -1 : 0;
        int v = outward.Y > 0.35 ? 1 : outward.Y < -0.35 ? -1 : 0;
        return (h, v) switch
        {
            (1, 1) => Alignment.LowerLeft,
            (1, 0) => Alignment.MiddleLeft,
            (1, -1) => Alignment.UpperLeft,
            (0, 1) => Alignment.LowerCenter,
            (0, -1) => Alignment.UpperCenter,
            (-1, 1) => Alignment.LowerRight,
            (-1, 0) => Alignment.MiddleRight,
            (-1, -1) => Alignment.UpperRight,
            _ => Alignment.MiddleCenter,
        };
    }

    private static void Pane(Plot plot, SurfaceView view, (double X, double Y, double Z)[] corners)
    {
        Polygon pane = plot.Add.Polygon(corners.Select(c =>
        {
            var (px, py) = view.Project(c.X, c.Y, c.Z);
            return new Coordinates(px, py);
        }).ToArray());
        pane.FillColor = PaneFill;
        pane.LineColor = ChartColors.Pane;
        pane.LineWidth = 1;
    }

    private static void Segment(Plot plot, SurfaceView view, (double X, double Y, double Z) a,
        (double X, double Y, double Z) b, Color color, float width)
    {
        var (ax, ay) = view.Project(a.X, a.Y, a.Z);
        var (bx, by) = view.Project(b.X, b.Y, b.Z);
        LinePlot line = plot.Add.Line(ax, ay, bx, by);
        line.LineColor = color;
        line.LineWidth = width;
    }
}

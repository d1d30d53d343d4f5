using ScottPlot;

namespace SigmoidTorch.Plotting;

/// <summary>
/// Where a legend and the labels of marked points go so that they cover no data. A legend takes the first place in the
/// data area (the corners: upper right, upper left, lower right, lower left; then the middles of the right, left, top
/// and bottom edges) whose box, widened by a clearance, is crossed by no drawn line segment or marker and overlaps no
/// label; when every place is taken, it goes outside the data area, on the right. A label goes on the side of its point (right, left, above, below) where it covers the fewest segments.
/// All in pixels (y grows downwards).
/// </summary>
internal static class Placement
{
    /// <summary>A side of a point where its label can go.</summary>
    internal enum Side
    {
        /// <summary>To the right, vertically centred.</summary>
        Right,

        /// <summary>To the left, vertically centred.</summary>
        Left,

        /// <summary>Above, horizontally centred.</summary>
        Above,

        /// <summary>Below, horizontally centred.</summary>
        Below,
    }

    /// <summary>The places in the data area a legend may take, in the order they are tried.</summary>
    internal static readonly Alignment[] Corners =
    [
        Alignment.UpperRight, Alignment.UpperLeft, Alignment.LowerRight, Alignment.LowerLeft,
        Alignment.MiddleRight, Alignment.MiddleLeft, Alignment.UpperCenter, Alignment.LowerCenter,
    ];

    /// <summary>
    /// The first of <see cref="Corners"/> where a legend of <paramref name="legend"/> pixels, <paramref name="margin"/>
    /// pixels in from the edges of <paramref name="area"/> and grown by <paramref name="clearance"/> pixels on every
    /// side, meets none of <paramref name="segments"/> (pixel coordinates; a marker is a segment from a point to
    /// itself) and overlaps none of <paramref name="boxes"/> (text drawn on the data); null when every corner is taken
    /// or the legend does not fit in the area.
    /// </summary>
    internal static Alignment? FreeCorner(PixelRect area, PixelSize legend, float margin, float clearance,
        IReadOnlyList<(Pixel A, Pixel B)> segments, IReadOnlyList<PixelRect> boxes)
    {
        if (legend.Width + 2 * margin > area.Width || legend.Height + 2 * margin > area.Height)
            return null;
        foreach (Alignment corner in Corners)
        {
            PixelRect box = Box(area, legend, margin, corner);
            var grown = new PixelRect(box.Left - clearance, box.Right + clearance, box.Bottom + clearance, box.Top - clearance);
            if (!segments.Any(s => Crosses(s.A, s.B, grown)) && !boxes.Any(b => Overlap(b, grown)))
                return corner;
        }
        return null;
    }

    /// <summary>
    /// The side of <paramref name="point"/> where a label of <paramref name="label"/> pixels, <paramref name="gap"/>
    /// pixels from the point, crosses the fewest of <paramref name="segments"/>, among the sides where it stays inside
    /// <paramref name="area"/> (all sides when none does); ties go to the earlier of right, left, above, below.
    /// </summary>
    internal static Side LabelSide(Pixel point, PixelSize label, float gap, PixelRect area, IReadOnlyList<(Pixel A, Pixel B)> segments)
    {
        var sides = Enum.GetValues<Side>();
        var inside = sides.Where(s => Inside(LabelBox(point, label, gap, s), area)).ToArray();
        return (inside.Length > 0 ? inside : sides)
            .OrderBy(s => segments.Count(seg => Crosses(seg.A, seg.B, LabelBox(point, label, gap, s))))
            .First();
    }

    /// <summary>The box of a label of <paramref name="label"/> pixels on <paramref name="side"/> of <paramref name="point"/>, <paramref name="gap"/> pixels away.</summary>
    internal static PixelRect LabelBox(Pixel point, PixelSize label, float gap, Side side)
    {
        float w = label.Width, h = label.Height;
        return side switch
        {
            Side.Right => new PixelRect(point.X + gap, point.X + gap + w, point.Y + h / 2, point.Y - h / 2),
            Side.Left => new PixelRect(point.X - gap - w, point.X - gap, point.Y + h / 2, point.Y - h / 2),
            Side.Above => new PixelRect(point.X - w / 2, point.X + w / 2, point.Y - gap, point.Y - gap - h),
            _ => new PixelRect(point.X - w / 2, point.X + w / 2, point.Y + gap + h, point.Y + gap),
        };
    }

    private static bool Inside(PixelRect box, PixelRect area) =>
        box.Left >= area.Left && box.Right <= area.Right && box.Top >= area.Top && box.Bottom <= area.Bottom;

    /// <summary>Whether two boxes share a point (edges included).</summary>
    internal static bool Overlap(PixelRect a, PixelRect b) =>
        a.Left <= b.Right && b.Left <= a.Right && a.Top <= b.Bottom && b.Top <= a.Bottom;

    /// <summary>The box a legend of <paramref name="legend"/> pixels takes at <paramref name="corner"/> of <paramref name="area"/>.</summary>
    internal static PixelRect Box(PixelRect area, PixelSize legend, float margin, Alignment corner)
    {
        float left = corner switch
        {
            Alignment.UpperRight or Alignment.MiddleRight or Alignment.LowerRight => area.Right - margin - legend.Width,
            Alignment.UpperCenter or Alignment.MiddleCenter or Alignment.LowerCenter => (area.Left + area.Right - legend.Width) / 2,
            _ => area.Left + margin,
        };
        float top = corner switch
        {
            Alignment.UpperLeft or Alignment.UpperCenter or Alignment.UpperRight => area.Top + margin,
            Alignment.MiddleLeft or Alignment.MiddleCenter or Alignment.MiddleRight => (area.Top + area.Bottom - legend.Height) / 2,
            _ => area.Bottom - margin - legend.Height,
        };
        return new PixelRect(left, left + legend.Width, top + legend.Height, top);
    }

    /// <summary>
    /// Whether the segment from <paramref name="a"/> to <paramref name="b"/> has a point inside <paramref name="box"/>
    /// (edges included): the segment clipped to the box's x range, then its y range (Liang–Barsky).
    /// </summary>
    internal static bool Crosses(Pixel a, Pixel b, PixelRect box)
    {
        double t0 = 0, t1 = 1;
        double dx = b.X - a.X, dy = b.Y - a.Y;
        // For each edge: p·t ≤ q keeps the part of the segment on the box's side of that edge.
        (double P, double Q)[] edges = [(-dx, a.X - box.Left), (dx, box.Right - a.X), (-dy, a.Y - box.Top), (dy, box.Bottom - a.Y)];
        foreach (var (p, q) in edges)
        {
            if (p == 0)
            {
                if (q < 0)
                    return false; // parallel to this edge and outside it
                continue;
            }
            double t = q / p;
            if (p < 0)
                t0 = Math.Max(t0, t);
            else
                t1 = Math.Min(t1, t);
            if (t0 > t1)
                return false;
        }
        return true;
    }
}

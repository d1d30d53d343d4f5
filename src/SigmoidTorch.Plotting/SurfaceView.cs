namespace SigmoidTorch.Plotting;

/// <summary>
/// The fixed camera of <see cref="Charts.Surface"/>: an orthographic (parallel) projection from azimuth -60° and
/// elevation 30°, the default view of matplotlib's 3-D axes. Points are first scaled into a box
/// [-1, 1] × [-1, 1] × [-<see cref="ZHalfHeight"/>, <see cref="ZHalfHeight"/>] so that all three axes have comparable
/// lengths whatever the data units.
/// </summary>
internal sealed class SurfaceView
{
    /// <summary>Half the height of the box the z range is scaled into (x and y span [-1, 1]).</summary>
    internal const double ZHalfHeight = 0.75;

    private const double AzimuthDegrees = -60;
    private const double ElevationDegrees = 30;

    private readonly double xMin, xMax, yMin, yMax, zMin, zMax;

    // Screen right, screen up and towards-the-viewer unit vectors, in box coordinates.
    private readonly (double X, double Y, double Z) right, up, toViewer;

    internal SurfaceView(double xMin, double xMax, double yMin, double yMax, double zMin, double zMax)
    {
        (this.xMin, this.xMax, this.yMin, this.yMax, this.zMin, this.zMax) = (xMin, xMax, yMin, yMax, zMin, zMax);
        double az = AzimuthDegrees * Math.PI / 180, el = ElevationDegrees * Math.PI / 180;
        toViewer = (Math.Cos(el) * Math.Cos(az), Math.Cos(el) * Math.Sin(az), Math.Sin(el));
        right = (-Math.Sin(az), Math.Cos(az), 0);
        up = (-Math.Sin(el) * Math.Cos(az), -Math.Sin(el) * Math.Sin(az), Math.Cos(el));
    }

    /// <summary>The data point scaled into the box.</summary>
    private (double X, double Y, double Z) ToBox(double x, double y, double z) =>
        (Scale(x, xMin, xMax, 1), Scale(y, yMin, yMax, 1), Scale(z, zMin, zMax, ZHalfHeight));

    private static double Scale(double v, double lo, double hi, double half) =>
        hi > lo ? ((v - lo) / (hi - lo) * 2 - 1) * half : 0;

    /// <summary>Where the data point (x, y, z) lands on the 2-D drawing.</summary>
    internal (double X, double Y) Project(double x, double y, double z)
    {
        var p = ToBox(x, y, z);
        return (Dot(p, right), Dot(p, up));
    }

    /// <summary>How near the viewer the data point is: larger is nearer (drawn later, on top).</summary>
    internal double Depth(double x, double y, double z) => Dot(ToBox(x, y, z), toViewer);

    /// <summary>The 2-D direction (unit length) in which a data axis points on the drawing.</summary>
    internal (double X, double Y) ScreenDirection(char axis)
    {
        (double X, double Y, double Z) d = axis switch
        {
            'x' => (1, 0, 0),
            'y' => (0, 1, 0),
            _ => (0, 0, 1),
        };
        double sx = Dot(d, right), sy = Dot(d, up);
        double length = Math.Sqrt(sx * sx + sy * sy);
        return length > 0 ? (sx / length, sy / length) : (0, 0);
    }

    private static double Dot((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        a.X * b.X + a.Y * b.Y + a.Z * b.Z;
}

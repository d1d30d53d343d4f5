namespace SigmoidTorch.Plotting;

/// <summary>How <see cref="Charts.Lines"/> draws one <see cref="Series"/>.</summary>
public enum SeriesStyle
{
    /// <summary>A line through the points, in order, with no markers.</summary>
    Line,

    /// <summary>A marker at each point, with no connecting line.</summary>
    Markers,

    /// <summary>A line through the points and a marker at each point.</summary>
    LineAndMarkers,
}

namespace SigmoidTorch.Plotting;

/// <summary>
/// One named set of (x, y) points for <see cref="Charts.Lines"/>.
/// </summary>
/// <param name="Label">
/// The name shown in the legend. An empty or white-space label leaves the series out of the legend.
/// </param>
/// <param name="X">The x coordinates; the same length as <paramref name="Y"/>.</param>
/// <param name="Y">
/// The y coordinates. Non-finite values (NaN, infinity), and on a logarithmic axis values &lt;= 0, are not
/// drawn: the line breaks there.
/// </param>
/// <param name="Style">Line, markers, or both.</param>
public sealed record Series(string Label, double[] X, double[] Y, SeriesStyle Style = SeriesStyle.Line);

namespace SigmoidTorch.Plotting;

/// <summary>
/// One point to single out in a chart, such as a new sample the model was asked about: drawn as a large diamond with
/// a black outline, its <paramref name="Label"/> written beside it on a white box, so it stands out from the data.
/// </summary>
/// <param name="X">x coordinate (finite).</param>
/// <param name="Y">y coordinate (finite; above 0 on a logarithmic axis).</param>
/// <param name="Label">The text beside the point; empty for none.</param>
public sealed record Mark(double X, double Y, string Label);

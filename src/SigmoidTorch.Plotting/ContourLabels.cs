namespace SigmoidTorch.Plotting;

/// <summary>What the parts of a <see cref="Charts.Contour"/> picture show.</summary>
/// <param name="X">The x axis: the first input, e.g. "petal length (cm)".</param>
/// <param name="Y">The y axis: the second input.</param>
/// <param name="Value">
/// The colour bar: what the coloured field is, e.g. "P(virginica) = σ(w·x + b)"; it runs from 0 (red) to 1 (blue).
/// </param>
/// <param name="Class0">The legend name of the class 0 points (red circles).</param>
/// <param name="Class1">The legend name of the class 1 points (blue squares).</param>
public sealed record ContourLabels(string X, string Y, string Value, string Class0, string Class1);

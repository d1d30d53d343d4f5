namespace SigmoidTorch.Checking;

/// <summary>
/// One gradient tensor, hand-written against autograd and central finite differences (computed in float64).
/// Relative errors are CS231n's: |m − a| / (|m| + |a|), 0 where both are 0.
/// </summary>
/// <param name="Name">The tensor's name: a parameter's state_dict name, or an input's name.</param>
/// <param name="Shape">The shape autograd's gradient has (the parameter's or input's).</param>
/// <param name="ManualShape">The shape of the hand-written gradient (null when none was given for this name).</param>
/// <param name="Exact">Every element of the hand-written gradient equals autograd's bit for bit.</param>
/// <param name="MaxAbsDiff">max |manual − autograd|.</param>
/// <param name="RoundingFloor">The rounding floor of the dtype for this gradient's largest entry (<see cref="Gradients.Tolerance.RoundingFloor"/>): differences up to it are rounding, whose digits differ between CPUs.</param>
/// <param name="ElementsOutside">How many elements are outside the tolerance of autograd's.</param>
/// <param name="MaxRelError">max over the elements of |manual − autograd| / (|manual| + |autograd|).</param>
/// <param name="FiniteDifferenceRelError">‖manual − fd‖∞ / max(‖manual‖∞, ‖fd‖∞): normwise, as finite differences resolve a gradient to a fraction of its largest entry.</param>
/// <param name="AgreesWithAutograd">Every element within the dtype's tolerance of autograd's: |m − a| ≤ relative·|a| + absolute.</param>
/// <param name="AgreesWithFiniteDifferences"><see cref="FiniteDifferenceRelError"/> within the dtype's finite-difference tolerance.</param>
/// <param name="FiniteDifferencesResolve">Whether the gradient is large enough, against the loss, for central differences to resolve it at all.</param>
/// <param name="Worst">The element furthest outside the tolerance (or, when all are within it, nearest its edge); null for a tensor of no elements or of the wrong shape.</param>
public sealed record TensorCheck(string Name, long[] Shape, long[]? ManualShape, bool Exact, double MaxAbsDiff, double RoundingFloor, long ElementsOutside, double MaxRelError,
                                 double FiniteDifferenceRelError, bool AgreesWithAutograd, bool AgreesWithFiniteDifferences,
                                 bool FiniteDifferencesResolve, WorstElement? Worst)
{
    /// <summary>The hand-written gradient has the shape autograd's has.</summary>
    public bool ShapeMatches => ManualShape is not null && ManualShape.SequenceEqual(Shape);

    /// <summary>max |manual − autograd| is within <see cref="RoundingFloor"/>: the two are equal but for rounding.</summary>
    public bool WithinRounding => MaxAbsDiff <= RoundingFloor;

    /// <summary>Right as far as the check can tell: the shape, autograd, and the finite differences wherever they can resolve it.</summary>
    public bool Pass => ShapeMatches && AgreesWithAutograd && (AgreesWithFiniteDifferences || !FiniteDifferencesResolve);

    /// <summary>The three gradients compared, element by element (null when the hand-written one is missing or of another shape); what a case file keeps.</summary>
    public GradientValues? Values { get; init; }
}

/// <summary>
/// The three gradients of one tensor, flattened in row-major order, as doubles (exact for float32): the hand-written
/// and autograd's in the checked dtype's values, the finite differences in float64.
/// </summary>
/// <param name="Manual">The hand-written gradient.</param>
/// <param name="Autograd">Autograd's.</param>
/// <param name="FiniteDifference">The central finite differences.</param>
public sealed record GradientValues(double[] Manual, double[] Autograd, double[] FiniteDifference);

/// <summary>The worst element of one gradient tensor, its three values side by side.</summary>
/// <param name="Index">Its index in the tensor, one number per dimension.</param>
/// <param name="Manual">The hand-written value.</param>
/// <param name="Autograd">Autograd's value.</param>
/// <param name="FiniteDifference">The central finite difference (float64).</param>
/// <param name="AtKink">
/// Whether the loss has a kink at this element (ReLU at 0, |x| at 0, …): its one-sided differences disagree, so no
/// derivative exists there and any value between them is as right as another. Null where the check did not look (a
/// passing element).
/// </param>
public sealed record WorstElement(long[] Index, double Manual, double Autograd, double FiniteDifference, bool? AtKink)
{
    /// <summary>[3, 1]</summary>
    public string IndexText => $"[{string.Join(", ", Index)}]";
}

using SigmoidTorch.Functions;
using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>
/// How close two gradients must be: elementwise |manual − autograd| ≤ Relative·|autograd| + Absolute.
/// </summary>
/// <param name="Relative">The relative part.</param>
/// <param name="Absolute">The absolute floor, for entries near zero.</param>
/// <param name="FiniteDifference">The normwise relative error allowed against central finite differences.</param>
/// <param name="Epsilon">The dtype's machine epsilon (the gap between 1 and the next number): 2.2e-16 for float64, 1.2e-7 for float32.</param>
public sealed record Tolerance(double Relative, double Absolute, double FiniteDifference, double Epsilon)
{
    /// <summary>
    /// float64: 1e-10 relative + 1e-12 absolute (the project's bar; the two paths differ only in the order of a
    /// few roundings of unit roundoff 1.1e-16). Finite differences with h = 1e-5 (<see cref="GradientCheck.Step"/>) carry
    /// truncation error O(h²) and cancellation error O(ε/h), each about 1e-11 of the loss, so 1e-6 normwise leaves margin
    /// for every parameter whose gradient is above about 1e-5 of the loss (a gradient that vanishes below that, such as
    /// the first layer of a deep chain of one-unit sigmoid layers, is beyond what central differences resolve).
    /// </summary>
    public static Tolerance Float64 { get; } = new(1e-10, 1e-12, 1e-6, Math.BitIncrement(1.0) - 1.0);

    /// <summary>
    /// float32: unit roundoff is 6e-8; a gradient here passes through about ten roundings and sums over at most
    /// a few dozen terms, so the two paths may differ by some 1e-6 of the magnitudes involved: 1e-5 relative +
    /// 1e-6 absolute. Against float64 finite differences the float32 gradient itself is only good to about
    /// 1e-6 of its largest entry, so 1e-4 normwise.
    /// </summary>
    public static Tolerance Float32 { get; } = new(1e-5, 1e-6, 1e-4, MathF.BitIncrement(1f) - 1f);

    /// <summary>The tolerance for <paramref name="dtype"/> (float32 or float64).</summary>
    public static Tolerance For(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => Float64,
        ScalarType.Float32 => Float32,
        _ => throw new SigmoidTorchException($"gradients are checked in float32 or float64, not {dtype}"),
    };

    /// <summary>
    /// How many epsilons of a gradient's largest entry a difference between two correct computations of it may be: the
    /// rounding floor is <c>RoundingUlps · ε · max|g|</c>. Manual and autograd compute the same sums of products in
    /// another order (and libtorch's kernels pick their order by CPU and thread count); each of the few roundings on
    /// the way is at most ε/2 of the largest term, and through a deep chain of layers they add up. Measured with
    /// GradCheck on 750 float64 parameters (the two-layer network × activations × losses, the neuron, deep networks of
    /// 3 to 9 layers × four output/loss pairs, seeds 0–2): |manual − autograd| / (ε·max|g|) at most 11 for 99 % of them,
    /// and 16.5 at most, in a chain of nine one-unit layers. 32 leaves twice that; it is still 14,000 times below the
    /// float64 tolerance (1e-10 relative), so a wrong gradient, off by its own size, is never taken for rounding.
    /// Below the floor a difference says nothing but "rounding", and its digits change with the CPU. (In float32 a
    /// cancellation upstream, such as Ŷ − Y with Ŷ ≈ Y, can leave differences of a thousand ε·max|g|: those rows print
    /// their number, and pass by the float32 tolerance.)
    /// </summary>
    public const double RoundingUlps = 32;

    /// <summary>
    /// The finite differences' error a report prints as "&lt; 1e-8" rather than as a number: central differences at
    /// h = 1e-5 (<see cref="GradientCheck.Step"/>) carry truncation and rounding error of some 1e-10 of a gradient, whose
    /// digits differ between CPUs (the order of the loss's sums); anything below 1e-8 is as close as they get.
    /// </summary>
    public const double FiniteDifferenceResolution = 1e-8;

    /// <summary>The rounding floor (<see cref="RoundingUlps"/>) of a gradient whose largest entry is <paramref name="largest"/> in magnitude.</summary>
    public double RoundingFloor(double largest) => RoundingUlps * Epsilon * Math.Abs(largest);

    /// <summary>True when every entry of <paramref name="actual"/> is within tolerance of <paramref name="expected"/>.</summary>
    public bool Agree(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        var a = actual.to(ScalarType.Float64).cpu();
        var e = expected.to(ScalarType.Float64).cpu();
        return (a - e).abs().le(e.abs().Times(Relative).Plus(Absolute)).all().item<bool>();
    }
}

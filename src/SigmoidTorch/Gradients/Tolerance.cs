using SigmoidTorch.Functions;
using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>
/// How close two gradients must be: elementwise |manual − autograd| ≤ Relative·|autograd| + Absolute.
/// </summary>
/// <param name="Relative">The relative part.</param>
/// <param name="Absolute">The absolute floor, for entries near zero.</param>
/// <param name="FiniteDifference">The normwise relative error allowed against central finite differences.</param>
public sealed record Tolerance(double Relative, double Absolute, double FiniteDifference)
{
    /// <summary>
    /// float64: 1e-10 relative + 1e-12 absolute (the project's bar; the two paths differ only in the order of a
    /// few roundings of unit roundoff 1.1e-16). Finite differences with h = 1e-5 (<see cref="GradientCheck.Step"/>) carry
    /// truncation error O(h²) and cancellation error O(ε/h), each about 1e-11 of the loss, so 1e-6 normwise leaves margin
    /// for every parameter whose gradient is above about 1e-5 of the loss (a gradient that vanishes below that, such as
    /// the first layer of a deep chain of one-unit sigmoid layers, is beyond what central differences resolve).
    /// </summary>
    public static Tolerance Float64 { get; } = new(1e-10, 1e-12, 1e-6);

    /// <summary>
    /// float32: unit roundoff is 6e-8; a gradient here passes through about ten roundings and sums over at most
    /// a few dozen terms, so the two paths may differ by some 1e-6 of the magnitudes involved: 1e-5 relative +
    /// 1e-6 absolute. Against float64 finite differences the float32 gradient itself is only good to about
    /// 1e-6 of its largest entry, so 1e-4 normwise.
    /// </summary>
    public static Tolerance Float32 { get; } = new(1e-5, 1e-6, 1e-4);

    /// <summary>The tolerance for <paramref name="dtype"/> (float32 or float64).</summary>
    public static Tolerance For(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => Float64,
        ScalarType.Float32 => Float32,
        _ => throw new SigmoidTorchException($"gradients are checked in float32 or float64, not {dtype}"),
    };

    /// <summary>True when every entry of <paramref name="actual"/> is within tolerance of <paramref name="expected"/>.</summary>
    public bool Agree(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        var a = actual.to(ScalarType.Float64).cpu();
        var e = expected.to(ScalarType.Float64).cpu();
        return (a - e).abs().le(e.abs().Times(Relative).Plus(Absolute)).all().item<bool>();
    }
}

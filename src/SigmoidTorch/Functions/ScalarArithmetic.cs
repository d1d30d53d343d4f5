using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Functions;

/// <summary>
/// Tensor arithmetic with plain numbers whose native <see cref="Scalar"/> lives exactly as long as libtorch reads it.
/// <para>
/// TorchSharp 0.107 turns a number into a <see cref="Scalar"/> for <c>t * 0.5</c>, <c>t - 1.0</c>, <c>t.gt(0)</c>, and
/// even for <c>a + b</c> (its alpha of 1), and leaves that Scalar to the garbage collector. Its methods read the
/// Scalar's native pointer and call libtorch without keeping the Scalar alive, so a collection on another thread during
/// the call may run its finalizer and free the memory libtorch is reading: "Unknown scalar type", a wrong number or a
/// crash (measured: about one call in 10,000 under forced collections, docs/native-objects.md). These methods make the
/// Scalar explicitly and dispose it after the call returns. The project's analyzer (ST0001–ST0003) keeps the other
/// forms out of the code.
/// </para>
/// </summary>
public static class ScalarArithmetic
{
    /// <summary>t·<paramref name="value"/>.</summary>
    public static Tensor Times(this Tensor t, double value)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var s = value.ToScalar();
        return t.mul(s);
    }

    /// <summary>t / <paramref name="value"/>.</summary>
    public static Tensor Over(this Tensor t, double value)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var s = value.ToScalar();
        return t.div(s);
    }

    /// <summary>t + <paramref name="value"/>.</summary>
    public static Tensor Plus(this Tensor t, double value)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var s = value.ToScalar();
        using var one = 1.ToScalar();
        return t.add(s, one);
    }

    /// <summary>a + b (TorchSharp's <c>a + b</c> makes its alpha of 1 a Scalar it leaves to the collector).</summary>
    public static Tensor Plus(this Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        using var one = 1.ToScalar();
        return a.add(b, one);
    }

    /// <summary>t − <paramref name="value"/>.</summary>
    public static Tensor Minus(this Tensor t, double value)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var s = value.ToScalar();
        return t.sub(s);
    }

    /// <summary><paramref name="value"/> − t, computed as TorchSharp's <c>value - t</c> is: (−t) + value.</summary>
    public static Tensor Minus(this double value, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var s = value.ToScalar();
        using var one = 1.ToScalar();
        var negated = t.neg();
        return negated.add_(s, one);
    }

    /// <summary>t², as TorchSharp's <c>square()</c> computes it: t to the power 2.</summary>
    public static Tensor Squared(this Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var two = 2.ToScalar();
        return t.pow(two);
    }

    /// <summary>max(t, <paramref name="min"/>) elementwise.</summary>
    public static Tensor AtLeast(this Tensor t, double min)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var s = min.ToScalar();
        return t.clamp_min(s);
    }

    /// <summary>min(t, <paramref name="max"/>) elementwise.</summary>
    public static Tensor AtMost(this Tensor t, double max)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var s = max.ToScalar();
        return t.clamp_max(s);
    }

    /// <summary>[t &gt; <paramref name="value"/>] elementwise (a bool tensor).</summary>
    public static Tensor GreaterThan(this Tensor t, double value)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var s = value.ToScalar();
        return t.gt(s);
    }

    /// <summary>[t ≥ <paramref name="value"/>] elementwise (a bool tensor).</summary>
    public static Tensor GreaterOrEqual(this Tensor t, double value)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var s = value.ToScalar();
        return t.ge(s);
    }

    /// <summary>[t &lt; <paramref name="value"/>] elementwise (a bool tensor).</summary>
    public static Tensor LessThan(this Tensor t, double value)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var s = value.ToScalar();
        return t.lt(s);
    }

    /// <summary>[t = <paramref name="value"/>] elementwise (a bool tensor).</summary>
    public static Tensor EqualTo(this Tensor t, double value)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var s = value.ToScalar();
        return t.eq(s);
    }
}

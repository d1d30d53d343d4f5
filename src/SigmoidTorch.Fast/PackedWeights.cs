using static TorchSharp.torch;

namespace SigmoidTorch.Fast;

/// <summary>
/// A Linear layer's weight W [out, in] and bias b [out] as one matrix [b; Wᵀ] of shape [(1) + in, out]: the bias as
/// the first row above the transposed weight (just Wᵀ for a layer without a bias). With a column of ones in front of
/// the inputs, [1 X]·[b; Wᵀ] = X·Wᵀ + b is one matrix product. Seed 001 keeps its weights this way (its Wh and Wz);
/// the fused step and the sweep compute in it (the sweep with K layers side by side). The one place that writes this layout.
/// </summary>
public static class PackedWeights
{
    /// <summary>[b; Wᵀ] from <paramref name="weight"/> [out, in] and <paramref name="bias"/> [out] (or null): a new tensor, or a view of W without a bias.</summary>
    public static Tensor Pack(Tensor weight, Tensor? bias) =>
        bias is null ? weight.t() : cat(new[] { bias.reshape(1, -1), weight.t() });

    /// <summary>W [out, in] and b [out] (null when <paramref name="hasBias"/> is false) as views of <paramref name="packed"/> [b; Wᵀ].</summary>
    public static (Tensor Weight, Tensor? Bias) Unpack(Tensor packed, bool hasBias) =>
        hasBias ? (packed.narrow(0, 1, packed.shape[0] - 1).t(), packed[0]) : (packed.t(), null);

    /// <summary>
    /// K layers of one shape packed side by side, [(1) + in, K·out], column block k being layer k's [b; Wᵀ]: from the
    /// weights [K, out, in] and biases [K, out] (or null). Networks that share their inputs compute all K layers as one
    /// product [1 X]·[Wh₁ | … | Wh_K]. A new tensor.
    /// </summary>
    public static Tensor PackSideBySide(Tensor weights, Tensor? biases)
    {
        ArgumentNullException.ThrowIfNull(weights);
        long k = weights.shape[0], outs = weights.shape[1], ins = weights.shape[2];
        var transposed = weights.permute(2, 0, 1).reshape(ins, k * outs);      // row i: W_k[:, i] of every k, k after k
        return biases is null ? transposed : cat(new[] { biases.reshape(1, k * outs), transposed });
    }

    /// <summary>Layer <paramref name="index"/>'s W [out, in] and b [out] as views of layers packed side by side (<see cref="PackSideBySide"/>).</summary>
    public static (Tensor Weight, Tensor? Bias) UnpackSideBySide(Tensor packed, long index, long outs, bool hasBias)
    {
        ArgumentNullException.ThrowIfNull(packed);
        return Unpack(packed.narrow(1, index * outs, outs), hasBias);
    }

    /// <summary>[1 X], the inputs <paramref name="x"/> [N, in] with the column of ones that meets the bias row; an alias of X without a bias.</summary>
    public static Tensor WithOnes(Tensor x, bool hasBias) =>
        hasBias ? cat(new[] { ones(x.shape[0], 1, dtype: x.dtype, device: x.device), x }, 1) : x.alias();
}

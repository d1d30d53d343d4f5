using static TorchSharp.torch;

namespace SigmoidTorch.Models;

/// <summary>
/// A Linear layer's weight W [out, in] and bias b [out] as one matrix [b; Wᵀ] of shape [(1) + in, out]: the bias as
/// the first row above the transposed weight (just Wᵀ for a layer without a bias). With a column of ones in front of
/// the inputs, [1 X]·[b; Wᵀ] = X·Wᵀ + b is one matrix product. Seed 001 keeps its weights this way (its Wh and Wz);
/// the fused step and the sweep compute in it. The one place that writes this layout.
/// </summary>
public static class PackedWeights
{
    /// <summary>[b; Wᵀ] from <paramref name="weight"/> [out, in] and <paramref name="bias"/> [out] (or null): a new tensor, or a view of W without a bias.</summary>
    public static Tensor Pack(Tensor weight, Tensor? bias) =>
        bias is null ? weight.t() : cat(new[] { bias.reshape(1, -1), weight.t() });

    /// <summary>W [out, in] and b [out] (null when <paramref name="hasBias"/> is false) as views of <paramref name="packed"/> [b; Wᵀ].</summary>
    public static (Tensor Weight, Tensor? Bias) Unpack(Tensor packed, bool hasBias) =>
        hasBias ? (packed.narrow(0, 1, packed.shape[0] - 1).t(), packed[0]) : (packed.t(), null);

    /// <summary>[1 X], the inputs <paramref name="x"/> [N, in] with the column of ones that meets the bias row; an alias of X without a bias.</summary>
    public static Tensor WithOnes(Tensor x, bool hasBias) =>
        hasBias ? cat(new[] { ones(x.shape[0], 1, dtype: x.dtype, device: x.device), x }, 1) : x.alias();
}

using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>The affine map of a Linear layer, written out for the hand-written forward pass.</summary>
internal static class Affine
{
    /// <summary>Z = X·Wᵀ + b (b omitted when the layer has no bias).</summary>
    public static Tensor Of(Tensor x, Tensor weight, Tensor? bias)
    {
        var z = x.mm(weight.t());
        return bias is null ? z : z + bias;
    }
}

using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>
/// The values of one backward pass through a network of any depth L (<see cref="DeepBackprop"/>), named as in
/// Nielsen's equations; the arrays are indexed by layer, l = 1 … L (A from 0: A⁰ = X).
/// </summary>
/// <param name="Z">Zˡ, layer l before its activation.</param>
/// <param name="A">Aˡ, layer l's output (A⁰ = X, Aᴸ = Ŷ).</param>
/// <param name="dL_dYhat">∂L/∂Ŷ; null for a loss that gives δᴸ from the logits itself (the cross-entropies).</param>
/// <param name="Delta">δˡ = ∂L/∂Zˡ.</param>
/// <param name="dL_dW">∂L/∂Wˡ.</param>
/// <param name="dL_db">∂L/∂bˡ (null for a layer without a bias).</param>
/// <param name="Gradients">∂L/∂θ by state_dict name.</param>
public sealed record DeepPass(Tensor[] Z, Tensor[] A, Tensor? dL_dYhat, Tensor[] Delta, Tensor[] dL_dW, Tensor?[] dL_db,
                              IReadOnlyList<(string Name, Tensor Parameter, Tensor Gradient)> Gradients)
    : BackwardPass(Z[^1], A[^1], Gradients)
{
    /// <summary>L, the number of layers.</summary>
    public int Depth => Z.Length - 1;
}

using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>What one hand-written backward pass produced: the forward pass's prediction and ∂L/∂θ per parameter.</summary>
/// <param name="Prediction">Ŷ, computed on the way.</param>
/// <param name="Gradients">(θ, ∂L/∂θ) pairs, in the order the equations produce them.</param>
public sealed record BackpropResult(Tensor Prediction, IReadOnlyList<(Tensor Parameter, Tensor Gradient)> Gradients);

using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>The values of one backward pass through a two-layer network (<see cref="NetworkBackprop"/>), named as in its equations.</summary>
/// <param name="Z1">The hidden layer before f, [N, hidden].</param>
/// <param name="H">The hidden layer, H = f(Z1).</param>
/// <param name="Z2">The output layer before g, [N, out].</param>
/// <param name="Yhat">The prediction Ŷ = g(Z2).</param>
/// <param name="dL_dYhat">∂L/∂Ŷ.</param>
/// <param name="Delta2">δ2 = ∂L/∂Z2.</param>
/// <param name="dL_dW2">∂L/∂W2.</param>
/// <param name="Delta1">δ1 = ∂L/∂Z1.</param>
/// <param name="dL_dW1">∂L/∂W1.</param>
/// <param name="dL_db1">∂L/∂b1 (null without a hidden bias).</param>
/// <param name="dL_db2">∂L/∂b2 (null without an output bias).</param>
/// <param name="Gradients">∂L/∂θ by state_dict name.</param>
public sealed record NetworkPass(Tensor Z1, Tensor H, Tensor Z2, Tensor Yhat, Tensor dL_dYhat, Tensor Delta2, Tensor dL_dW2, Tensor Delta1, Tensor dL_dW1,
                                 Tensor? dL_db1, Tensor? dL_db2, IReadOnlyList<(string Name, Tensor Parameter, Tensor Gradient)> Gradients)
    : BackwardPass(Z2, Yhat, Gradients);

using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>The values of one backward pass through a sigmoid neuron (<see cref="NeuronBackprop"/>), named as in its equations.</summary>
/// <param name="Z">z, before the sigmoid, [N, 1].</param>
/// <param name="Yhat">The prediction ŷ = σ(z).</param>
/// <param name="dL_dYhat">∂L/∂ŷ.</param>
/// <param name="Delta">δ = ∂L/∂z.</param>
/// <param name="dL_dw">∂L/∂w.</param>
/// <param name="dL_db">∂L/∂b (null without a bias).</param>
/// <param name="Gradients">∂L/∂θ by state_dict name.</param>
public sealed record NeuronPass(Tensor Z, Tensor Yhat, Tensor dL_dYhat, Tensor Delta, Tensor dL_dw, Tensor? dL_db,
                                IReadOnlyList<(string Name, Tensor Parameter, Tensor Gradient)> Gradients)
    : BackwardPass(Z, Yhat, Gradients);

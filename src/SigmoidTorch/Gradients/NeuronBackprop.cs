using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>
/// Backpropagation through a sigmoid neuron, ŷ = σ(X·wᵀ + b), written by hand (no autograd).
/// Rows of X are samples; δ is the error signal ∂L/∂z of each sample.
/// </summary>
public static class NeuronBackprop
{
    /// <summary>The prediction Ŷ and the gradients of <paramref name="loss"/> with respect to w and b, for the batch (X, Y).</summary>
    public static BackpropResult Gradients(SigmoidNeuron neuron, Tensor X, Tensor Y, Loss loss, StepTrace? trace = null)
    {
        using var noAutograd = no_grad();
        var z = Affine.Of(X, neuron.Weight, neuron.Bias).Traced(trace);                        // z = X·wᵀ + b
        var yhat = z.sigmoid().Traced(trace);                                                  // ŷ = σ(z)
        var dL_dyhat = loss.Gradient(yhat, Y).Traced(trace);                                   // ∂L/∂ŷ
        var delta = (dL_dyhat * Activation.Sigmoid.DerivativeFromOutput(yhat)).Traced(trace);  // δ = ∂L/∂z = ∂L/∂ŷ ⊙ ŷ(1−ŷ)
        var dL_dw = delta.t().mm(X).Traced(trace);                                             // ∂L/∂w = δᵀ·X
        var gradients = new List<(Tensor, Tensor)> { (neuron.Weight, dL_dw) };
        if (neuron.Bias is { } b)
            gradients.Add((b, delta.sum(dim: 0).Traced(trace)));                               // ∂L/∂b = Σₙ δ
        return new BackpropResult(yhat, gradients);
    }
}

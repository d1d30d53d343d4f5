using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>
/// Backpropagation through H = f(X·W1ᵀ + b1), Ŷ = g(H·W2ᵀ + b2), written by hand (no autograd).
/// Rows are samples; δ2 = ∂L/∂Z2 and δ1 = ∂L/∂Z1 are the error signals of the two layers.
/// </summary>
public static class NetworkBackprop
{
    /// <summary>The prediction Ŷ and the gradients of <paramref name="loss"/> with respect to W1, b1, W2, b2, for the batch (X, Y).</summary>
    public static BackpropResult Gradients(TwoLayerNetwork net, Tensor X, Tensor Y, Functions.Loss loss, StepTrace? trace = null)
    {
        using var noAutograd = no_grad();
        var (f, g) = (net.Activation, net.OutputActivation);

        // Forward pass, keeping what the backward pass needs.
        var Z1 = Affine.Of(X, net.W1, net.B1).Traced(trace);                                 // Z1 = X·W1ᵀ + b1
        var H = f.Apply(Z1).Traced(trace);                                                   // H = f(Z1)
        var Z2 = Affine.Of(H, net.W2, net.B2).Traced(trace);                                 // Z2 = H·W2ᵀ + b2
        var Yhat = g.Apply(Z2).Traced(trace);                                                // Ŷ = g(Z2)

        // Backward pass: the chain rule, layer by layer.
        var dL_dYhat = loss.Gradient(Yhat, Y).Traced(trace);                                 // ∂L/∂Ŷ
        var delta2 = (dL_dYhat * g.DerivativeFromOutput(Yhat)).Traced(trace);                // δ2 = ∂L/∂Z2 = ∂L/∂Ŷ ⊙ g'(Ŷ)
        var dL_dW2 = delta2.t().mm(H).Traced(trace);                                         // ∂L/∂W2 = δ2ᵀ·H
        var delta1 = (delta2.mm(net.W2) * f.DerivativeFromOutput(H)).Traced(trace);          // δ1 = ∂L/∂Z1 = (δ2·W2) ⊙ f'(H)
        var dL_dW1 = delta1.t().mm(X).Traced(trace);                                         // ∂L/∂W1 = δ1ᵀ·X

        var gradients = new List<(Tensor, Tensor)> { (net.W1, dL_dW1) };
        if (net.B1 is { } b1)
            gradients.Add((b1, delta1.sum(dim: 0).Traced(trace)));                           // ∂L/∂b1 = Σₙ δ1
        gradients.Add((net.W2, dL_dW2));
        if (net.B2 is { } b2)
            gradients.Add((b2, delta2.sum(dim: 0).Traced(trace)));                           // ∂L/∂b2 = Σₙ δ2
        return new BackpropResult(Yhat, gradients);
    }
}

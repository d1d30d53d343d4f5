using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>
/// Backpropagation through a <see cref="TwoLayerNetwork"/>, H = f(X·W1ᵀ + b1), Ŷ = g(H·W2ᵀ + b2), written by hand
/// (no autograd). Rows are samples: X is [N, in], H is [N, hidden], Ŷ is [N, out]; the weights are laid out as
/// <c>nn.Linear</c> keeps them (W1 [hidden, in], W2 [out, hidden]). δ2 = ∂L/∂Z2 and δ1 = ∂L/∂Z1 are the error
/// signals of the two layers. f and g with their derivatives come from <see cref="Activation"/> (f'(Z1) read from
/// H = f(Z1) where f' has that form, σ' = H(1−H), as the articles write it), L and ∂L/∂Ŷ from
/// <see cref="Loss"/>. The update that follows is plain gradient descent, θ ← θ − η·∂L/∂θ for every parameter θ
/// (<c>Training/ManualStep.cs</c>).
/// <para>
/// Seed 001 writes the same step with other signs and scales. Its loop is E = Y − Z, dZ = E ⊙ f'(Z),
/// dH = (dZ·Wzᵀ) ⊙ f'(H), Wz += Hᵀ·dZ·L, Wh += Xᵀ·dH·L, with Wh = [b1; W1ᵀ] and Wz = W2ᵀ (the bias as a first row,
/// met by a column of ones in X; no bias on the output layer). Its E is −∂L/∂Ŷ for L = ½ΣE², so its dZ is −δ2, its
/// dH is −δ1, Hᵀ·dZ is −(∂L/∂W2)ᵀ and "+= …·L" is θ ← θ − η·∂L/∂θ on L = ½Σ(Ŷ−Y)² (<see cref="Loss.HalfSumSquared"/>)
/// with η = its L (0.45 for sigmoid, 0.005 for tanh, 0.0005 for ReLU). The loss it reports is another: ΣE² of each
/// batch (<see cref="Loss.SumSquared"/>; the port's TrainingOptions.ReportedLoss), averaged over an epoch's batches.
/// </para>
/// </summary>
public static class NetworkBackprop
{
    /// <summary>
    /// One pass for the batch (X, Y): the values of every equation, the prediction Ŷ and ∂L/∂θ of <paramref name="loss"/>,
    /// named and ordered as in the network's state_dict: hidden.weight (W1), hidden.bias (b1), output.weight (W2),
    /// output.bias (b2), the biases where the network has them.
    /// </summary>
    public static NetworkPass Gradients(TwoLayerNetwork net, Tensor X, Tensor Y, Loss loss)
    {
        using var noAutograd = no_grad();
        var (f, g) = (net.Activation, net.OutputActivation);

        // Forward pass, keeping what the backward pass needs.
        var XW1 = X.mm(net.W1.t());                                         // X·W1ᵀ
        var Z1 = net.B1 is { } b1 ? XW1.Plus(b1) : XW1;                         // Z1 = X·W1ᵀ + b1
        var H = f.Apply(Z1);                                                // H = f(Z1)
        var HW2 = H.mm(net.W2.t());                                         // H·W2ᵀ
        var Z2 = net.B2 is { } b2 ? HW2.Plus(b2) : HW2;                         // Z2 = H·W2ᵀ + b2
        var Yhat = g.Apply(Z2);                                             // Ŷ = g(Z2)

        // Backward pass: the chain rule, layer by layer.
        var dL_dYhat = loss.Gradient(Yhat, Y);                              // ∂L/∂Ŷ
        var delta2 = dL_dYhat * g.Derivative(Z2, Yhat);                    // δ2 = ∂L/∂Z2 = ∂L/∂Ŷ ⊙ g'(Z2)
        var dL_dW2 = delta2.t().mm(H);                                      // ∂L/∂W2 = δ2ᵀ·H
        var delta1 = delta2.mm(net.W2) * f.Derivative(Z1, H);              // δ1 = ∂L/∂Z1 = (δ2·W2) ⊙ f'(Z1)
        var dL_dW1 = delta1.t().mm(X);                                      // ∂L/∂W1 = δ1ᵀ·X
        var dL_db1 = net.B1 is null ? null : delta1.sum(dim: 0);            // ∂L/∂b1 = Σₙ δ1
        var dL_db2 = net.B2 is null ? null : delta2.sum(dim: 0);            // ∂L/∂b2 = Σₙ δ2

        var gradients = BackwardPass.Named(("hidden.weight", net.W1, dL_dW1), ("hidden.bias", net.B1, dL_db1),
                                           ("output.weight", net.W2, dL_dW2), ("output.bias", net.B2, dL_db2));
        return new NetworkPass(Z1, H, Z2, Yhat, dL_dYhat, delta2, dL_dW2, delta1, dL_dW1, dL_db1, dL_db2, gradients);
    }
}

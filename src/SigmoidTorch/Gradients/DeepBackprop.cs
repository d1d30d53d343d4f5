using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>
/// Backpropagation through a <see cref="DeepNetwork"/> of any depth L, written by hand (no autograd) as the four
/// equations of Nielsen's chapter 2. He writes one sample as a column vector, zˡ = wˡaˡ⁻¹ + bˡ, aˡ = σ(zˡ), with the
/// error of layer l δˡ = ∂C/∂zˡ:
/// <code>
/// BP1  δᴸ = ∇ₐC ⊙ σ'(zᴸ)
/// BP2  δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ)
/// BP3  ∂C/∂bˡ = δˡ
/// BP4  ∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ
/// </code>
/// This library takes a batch of N samples at once, one sample per row, so every column vector is a row here (Aˡ and
/// δˡ are [N, nₗ]) and every product is transposed: Zˡ = Aˡ⁻¹·Wˡᵀ + bˡ; BP2 reads δˡ = (δˡ⁺¹·Wˡ⁺¹) ⊙ f'(Zˡ); BP3 sums
/// the rows, ∂L/∂bˡ = Σₙ δˡ; BP4 becomes ∂L/∂Wˡ = δˡᵀ·Aˡ⁻¹, which adds up the outer products δˡ(aˡ⁻¹)ᵀ of all N samples
/// in one product — the sum over the mini-batch that network.py's update_mini_batch builds sample by sample. Wˡ is
/// [nₗ, nₗ₋₁] as <c>nn.Linear</c> keeps it (his wˡ). L is the loss of the whole batch (<see cref="Loss"/>): for his
/// quadratic cost and the cross-entropies the mean over the batch of his C, so θ ← θ − η·∂L/∂θ is his
/// w → w − (η/m)·Σₓ ∂Cₓ/∂w. f'(Zˡ) is read from Aˡ = f(Zˡ) where f' has that form, σ' = Aˡ(1−Aˡ) (<see cref="Activation"/>).
/// <para>
/// BP1 takes one of two forms. For the squared errors it is the chain rule through g as he writes it (for a softmax
/// output, the product with its Jacobian instead of an elementwise g'). For a cross-entropy written with its own output
/// activation (binary cross-entropy on a sigmoid, categorical cross-entropy on a softmax) the loss gives δᴸ = ∂L/∂Zᴸ
/// itself, (Ŷ − Y)/m: g' cancels the 1/ŷ of the loss's logarithms (why, in <see cref="Loss"/>). The update that follows
/// is plain gradient descent, θ ← θ − η·∂L/∂θ (<c>Training/ManualStep.cs</c>).
/// </para>
/// </summary>
public static class DeepBackprop
{
    /// <summary>
    /// One pass for the batch (X, Y): the values of every equation at every layer, the prediction Ŷ and ∂L/∂θ of
    /// <paramref name="loss"/>, named and ordered as in the network's state_dict: layers.0.weight (W¹), layers.0.bias
    /// (b¹), layers.1.weight (W²), …, the biases where the network has them.
    /// </summary>
    public static DeepPass Gradients(DeepNetwork net, Tensor X, Tensor Y, Loss loss)
    {
        using var noAutograd = no_grad();
        int L = net.Depth;
        var (f, g) = (net.Activation, net.OutputActivation);

        // Forward pass from A⁰ = X, keeping every Zˡ and Aˡ for the backward pass.
        var (Z, A) = (new Tensor[L + 1], new Tensor[L + 1]);
        A[0] = X;
        for (int l = 1; l <= L; l++)
        {
            var AW = A[l - 1].mm(net.W(l).t());                                      // Aˡ⁻¹·Wˡᵀ
            Z[l] = net.B(l) is { } b ? AW.Plus(b) : AW;                                  // Zˡ = Aˡ⁻¹·Wˡᵀ + bˡ
            A[l] = (l < L ? f : g).Apply(Z[l]);                                      // Aˡ = f(Zˡ); Ŷ = Aᴸ = g(Zᴸ)
        }

        // BP1: the output layer's error δᴸ = ∂L/∂Zᴸ.
        var delta = new Tensor[L + 1];
        Tensor? dL_dYhat = null;
        if (loss.TakesLogits)
        {
            delta[L] = loss.Gradient(Z[L], Y);                                       // BP1 δᴸ = (Ŷ − Y)/m: g' cancels the loss's 1/ŷ
        }
        else
        {
            dL_dYhat = loss.Gradient(A[L], Y);                                       // ∂L/∂Ŷ
            delta[L] = g.Backward(Z[L], A[L], dL_dYhat);                                // BP1 δᴸ = ∂L/∂Ŷ ⊙ g'(Zᴸ) (softmax: times its Jacobian)
        }

        // Backward pass, l = L … 1: BP2 carries δ down from the layer above, BP4 and BP3 give layer l's gradients.
        var (dL_dW, dL_db) = (new Tensor[L + 1], new Tensor?[L + 1]);
        for (int l = L; l >= 1; l--)
        {
            if (l < L)
                delta[l] = delta[l + 1].mm(net.W(l + 1)) * f.Derivative(Z[l], A[l]);      // BP2 δˡ = (δˡ⁺¹·Wˡ⁺¹) ⊙ f'(Zˡ)
            dL_dW[l] = delta[l].t().mm(A[l - 1]);                                    // BP4 ∂L/∂Wˡ = δˡᵀ·Aˡ⁻¹
            dL_db[l] = net.B(l) is null ? null : delta[l].sum(dim: 0);               // BP3 ∂L/∂bˡ = Σₙ δˡ
        }

        var gradients = BackwardPass.Named(Enumerable.Range(1, L)
            .SelectMany(l => new[] { ($"layers.{l - 1}.weight", (Tensor?)net.W(l), (Tensor?)dL_dW[l]), ($"layers.{l - 1}.bias", net.B(l), dL_db[l]) }).ToArray());
        return new DeepPass(Z, A, dL_dYhat, delta, dL_dW, dL_db, gradients);
    }
}

using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>
/// Backpropagation through a <see cref="SigmoidNeuron"/>, ŷ = σ(X·wᵀ + b), written by hand (no autograd). Rows of X
/// are samples; w is [1, n] as <c>nn.Linear</c> keeps it; δ is the error signal ∂L/∂z of each sample. σ' comes from
/// <see cref="Activation"/>, L and ∂L/∂ŷ from <see cref="Loss"/>. The update that follows is plain gradient descent,
/// θ ← θ − η·∂L/∂θ (<c>Training/ManualStep.cs</c>).
/// <para>
/// The articles' signs and scales, in these terms:
/// seed 000's grad_w = (ŷ − y)·ŷ(1 − ŷ)·x, w −= lr·grad_w (one input per update) is ∂L/∂w for L = ½(ŷ − y)²
/// (<see cref="Loss.HalfSumSquared"/>) with η = lr;
/// seed 003's error = output − y, delta = error·σ'(output), w −= Xᵀ·delta (full batch, no bias) is ½Σ(ŷ − y)² with
/// η = 1, its Xᵀ·delta being (∂L/∂w)ᵀ, since it keeps w as a column (synapse_0 [n, 1]);
/// seed 004's cost (ŷ − y)² with ∂cost/∂pred·σ'(z)·input for w and ·1 for b (one flower per update) is
/// L = Σ(ŷ − y)² (<see cref="Loss.SumSquared"/>, ∂L/∂ŷ = 2(ŷ − y)) with η = 0.2.
/// </para>
/// </summary>
public static class NeuronBackprop
{
    /// <summary>
    /// One pass for the batch (X, Y): the values of every equation, the prediction ŷ and ∂L/∂θ of <paramref name="loss"/>,
    /// named and ordered as in the neuron's state_dict: linear.weight (w), then linear.bias (b) when the neuron has one.
    /// </summary>
    public static NeuronPass Gradients(SigmoidNeuron neuron, Tensor X, Tensor Y, Loss loss)
    {
        using var noAutograd = no_grad();
        var Xw = X.mm(neuron.Weight.t());                                       // X·wᵀ
        var z = neuron.Bias is { } b ? Xw.Plus(b) : Xw;                             // z = X·wᵀ + b
        var yhat = z.sigmoid();                                                 // ŷ = σ(z)
        var dL_dyhat = loss.Gradient(yhat, Y);                                  // ∂L/∂ŷ
        var delta = dL_dyhat * Activation.Sigmoid.DerivativeFromOutput(yhat);   // δ = ∂L/∂z = ∂L/∂ŷ ⊙ ŷ(1−ŷ)
        var dL_dw = delta.t().mm(X);                                            // ∂L/∂w = δᵀ·X
        var dL_db = neuron.Bias is null ? null : delta.sum(dim: 0);             // ∂L/∂b = Σₙ δ

        var gradients = BackwardPass.Named(("linear.weight", neuron.Weight, dL_dw), ("linear.bias", neuron.Bias, dL_db));
        return new NeuronPass(z, yhat, dL_dyhat, delta, dL_dw, dL_db, gradients);
    }
}

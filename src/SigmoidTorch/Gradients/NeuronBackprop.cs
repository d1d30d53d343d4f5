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
    /// The logits z, the prediction ŷ and ∂L/∂θ of <paramref name="loss"/> for the batch (X, Y), named and ordered as in
    /// the neuron's state_dict: linear.weight (w), then linear.bias (b) when the neuron has one.
    /// </summary>
    public static (Tensor Logits, Tensor Prediction, IReadOnlyList<(string Name, Tensor Parameter, Tensor Gradient)> Gradients) Gradients(
        SigmoidNeuron neuron, Tensor X, Tensor Y, Loss loss, StepTrace? trace = null)
    {
        using var noAutograd = no_grad();
        var Xw = X.mm(neuron.Weight.t());                                                      // X·wᵀ
        var z = (neuron.Bias is { } b ? Xw.Plus(b) : Xw).Traced(trace);                        // z = X·wᵀ + b
        var yhat = z.sigmoid().Traced(trace);                                                  // ŷ = σ(z)
        var dL_dyhat = loss.Gradient(yhat, Y).Traced(trace);                                   // ∂L/∂ŷ
        var delta = (dL_dyhat * Activation.Sigmoid.DerivativeFromOutput(yhat)).Traced(trace);  // δ = ∂L/∂z = ∂L/∂ŷ ⊙ ŷ(1−ŷ)
        var dL_dw = delta.t().mm(X).Traced(trace);                                             // ∂L/∂w = δᵀ·X

        var gradients = new List<(string, Tensor, Tensor)> { ("linear.weight", neuron.Weight, dL_dw) };
        if (neuron.Bias is not null)
            gradients.Add(("linear.bias", neuron.Bias, delta.sum(dim: 0).Traced(trace)));     // ∂L/∂b = Σₙ δ
        return (z, yhat, gradients);
    }
}

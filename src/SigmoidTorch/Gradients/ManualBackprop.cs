using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>
/// The hand-written gradients of any model of this library (<see cref="NeuronBackprop"/>, <see cref="NetworkBackprop"/>,
/// <see cref="DeepBackprop"/>), named as in its state_dict and in the order of <c>named_parameters()</c>, so they line
/// up with what autograd leaves in <c>.grad</c>.
/// </summary>
public static class ManualBackprop
{
    /// <summary>
    /// One pass of <paramref name="model"/>'s hand-written backprop on the batch (X, Y), without autograd: the logits Z,
    /// Ŷ = g(Z), ∂L/∂θ for every parameter θ, and the values of every equation on the way. A loss the model's output
    /// cannot take (<see cref="ModelSpec.CheckLoss"/>) is refused.
    /// </summary>
    public static BackwardPass Run(BackpropModel model, Tensor X, Tensor Y, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Spec.CheckLoss(loss);
        return model switch
        {
            SigmoidNeuron neuron => NeuronBackprop.Gradients(neuron, X, Y, loss),
            TwoLayerNetwork net => NetworkBackprop.Gradients(net, X, Y, loss),
            DeepNetwork net => DeepBackprop.Gradients(net, X, Y, loss),
            _ => throw new NotSupportedException($"no hand-written backprop for {model.GetType().Name}"),
        };
    }

    /// <summary>∂L/∂θ for every parameter θ of <paramref name="model"/>, on the batch (X, Y), without autograd.</summary>
    public static IReadOnlyList<(string Name, Tensor Parameter, Tensor Gradient)> Gradients(BackpropModel model, Tensor X, Tensor Y, Loss loss) =>
        Run(model, X, Y, loss).Gradients;
}

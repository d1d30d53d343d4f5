using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>
/// The hand-written gradients of any model of this library (<see cref="NeuronBackprop"/>, <see cref="NetworkBackprop"/>),
/// named as in its state_dict and in the order of <c>named_parameters()</c>, so they line up with what autograd leaves
/// in <c>.grad</c>.
/// </summary>
public static class ManualBackprop
{
    /// <summary>Ŷ and ∂L/∂θ for every parameter θ of <paramref name="model"/>, on the batch (X, Y), without autograd.</summary>
    public static (Tensor Prediction, IReadOnlyList<(string Name, Tensor Parameter, Tensor Gradient)> Gradients) Run(
        BackpropModel model, Tensor X, Tensor Y, Loss loss, StepTrace? trace = null) => model switch
    {
        SigmoidNeuron neuron => NeuronBackprop.Gradients(neuron, X, Y, loss, trace),
        TwoLayerNetwork net => NetworkBackprop.Gradients(net, X, Y, loss, trace),
        _ => throw new NotSupportedException($"no hand-written backprop for {model.GetType().Name}"),
    };

    /// <summary>∂L/∂θ for every parameter θ of <paramref name="model"/>, on the batch (X, Y), without autograd.</summary>
    public static IReadOnlyList<(string Name, Tensor Parameter, Tensor Gradient)> Gradients(BackpropModel model, Tensor X, Tensor Y, Loss loss, StepTrace? trace = null) =>
        Run(model, X, Y, loss, trace).Gradients;
}

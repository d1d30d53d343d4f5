using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>
/// The hand-written gradients of any model of this library, named as in its state_dict and in the order of
/// <c>named_parameters()</c>, so they line up with what autograd leaves in <c>.grad</c>.
/// </summary>
public static class ManualBackprop
{
    /// <summary>Ŷ and ∂L/∂θ for every parameter θ of <paramref name="model"/>, on the batch (X, Y), without autograd.</summary>
    public static (Tensor Prediction, IReadOnlyList<ParameterGradient> Gradients) Run(BackpropModel model, Tensor X, Tensor Y, Loss loss, StepTrace? trace = null)
    {
        var order = model.named_parameters().Select(p => p.name).ToList();
        var result = model switch
        {
            SigmoidNeuron neuron => NeuronBackprop.Gradients(neuron, X, Y, loss, trace),
            TwoLayerNetwork net => NetworkBackprop.Gradients(net, X, Y, loss, trace),
            _ => throw new NotSupportedException($"no hand-written backprop for {model.GetType().Name}"),
        };
        var named = result.Gradients
            .Select(g => new ParameterGradient(model.NameOf(g.Parameter), g.Parameter, g.Gradient))
            .OrderBy(g => order.IndexOf(g.Name))
            .ToList();
        return (result.Prediction, named);
    }

    /// <summary>∂L/∂θ for every parameter θ of <paramref name="model"/>, on the batch (X, Y), without autograd.</summary>
    public static IReadOnlyList<ParameterGradient> Gradients(BackpropModel model, Tensor X, Tensor Y, Loss loss, StepTrace? trace = null) =>
        Run(model, X, Y, loss, trace).Gradients;
}

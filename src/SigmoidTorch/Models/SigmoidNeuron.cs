using SigmoidTorch.Functions;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SigmoidTorch.Models;

/// <summary>
/// A sigmoid neuron: one Linear layer (n → 1) followed by the sigmoid, ŷ = σ(x·wᵀ + b).
/// </summary>
public sealed class SigmoidNeuron : BackpropModel
{
    private readonly Linear linear;
    private readonly NeuronSpec spec;

    /// <summary>Creates a neuron with <paramref name="inputs"/> inputs, with or without a bias.</summary>
    public SigmoidNeuron(int inputs, bool bias = true, ScalarType dtype = ScalarType.Float64, Device? device = null) : base(nameof(SigmoidNeuron))
    {
        spec = ModelSpec.Neuron(inputs, bias);
        spec.Validate();
        linear = nn.Linear(inputs, 1, hasBias: bias, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override ModelSpec Spec => spec;

    /// <summary>The weights w, shape [1, n].</summary>
    public Tensor Weight => linear.weight!;

    /// <summary>The bias b, shape [1], or null without one.</summary>
    public Tensor? Bias => linear.bias;

    /// <summary>The sigmoid: ŷ = σ(z).</summary>
    public override Activation OutputActivation => Activation.Sigmoid;

    /// <summary>z = X·wᵀ + b, shape [N, 1] (ŷ = σ(z)).</summary>
    public override Tensor Logits(Tensor x) => linear.forward(x);
}

using SigmoidTorch.Functions;
using static TorchSharp.torch;

namespace SigmoidTorch.Models;

/// <summary>A sigmoid neuron (<see cref="SigmoidNeuron"/>): its inputs and whether it has a bias; its activation is the sigmoid.</summary>
public sealed record NeuronSpec : ModelSpec
{
    private readonly int inputs;

    /// <summary>A neuron with <paramref name="inputs"/> inputs, unchecked (<see cref="ModelSpec.Validate"/> checks it).</summary>
    public NeuronSpec(int inputs, bool bias = true)
    {
        this.inputs = inputs;
        Bias = bias;
    }

    /// <summary>Whether its Linear has a bias.</summary>
    public bool Bias { get; }

    /// <inheritdoc />
    public override IReadOnlyList<int> Sizes => [inputs, 1];

    /// <summary>The sigmoid.</summary>
    public override Activation Activation => Activation.Sigmoid;

    /// <summary>The sigmoid.</summary>
    public override Activation OutputActivation => Activation.Sigmoid;

    /// <inheritdoc />
    public override bool HasBias(int layer) => Bias;

    private protected override void ValidateKind()
    {
    }

    private protected override BackpropModel Create(ScalarType dtype, Device? device) => new SigmoidNeuron(inputs, Bias, dtype, device);

    /// <inheritdoc />
    public override string ToString() => $"neuron[{inputs}→1, sigmoid, bias {OnOff(Bias)}]";
}

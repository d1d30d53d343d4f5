using SigmoidTorch.Functions;
using static TorchSharp.torch;

namespace SigmoidTorch.Models;

/// <summary>A Linear–activation–Linear network (<see cref="TwoLayerNetwork"/>): sizes in → hidden → out, f, g and its two bias flags.</summary>
public sealed record NetworkSpec : ModelSpec
{
    private readonly int inputs;
    private readonly int outputs;

    /// <summary>The network as given, unchecked (<see cref="ModelSpec.Validate"/> checks it).</summary>
    public NetworkSpec(int inputs, int hidden, int outputs, Activation activation, Activation outputActivation, bool hiddenBias, bool outputBias)
    {
        this.inputs = inputs;
        this.outputs = outputs;
        Hidden = hidden;
        Activation = activation ?? throw new ArgumentNullException(nameof(activation));
        OutputActivation = outputActivation ?? throw new ArgumentNullException(nameof(outputActivation));
        HiddenBias = hiddenBias;
        OutputBias = outputBias;
    }

    /// <summary>n1, the hidden units.</summary>
    public int Hidden { get; }

    /// <inheritdoc />
    public override IReadOnlyList<int> Sizes => [inputs, Hidden, outputs];

    /// <inheritdoc />
    public override Activation Activation { get; }

    /// <inheritdoc />
    public override Activation OutputActivation { get; }

    /// <summary>Whether the hidden layer has a bias b1.</summary>
    public bool HiddenBias { get; }

    /// <summary>Whether the output layer has a bias b2.</summary>
    public bool OutputBias { get; }

    /// <inheritdoc />
    public override bool HasBias(int layer) => layer < 2 ? HiddenBias : OutputBias;

    private protected override void ValidateKind()
    {
        if (Hidden <= 0) throw new SigmoidTorchException($"a network needs at least one hidden unit, got hidden={Hidden}");
        if (!OutputActivation.IsElementwise)
            throw new SigmoidTorchException($"the two-layer network's output activation is elementwise ({string.Join(", ", Activation.Hidden)}), got {OutputActivation}; a deep network takes {OutputActivation}");
    }

    private protected override BackpropModel Create(ScalarType dtype, Device? device) =>
        new TwoLayerNetwork(inputs, Hidden, outputs, Activation, OutputActivation, HiddenBias, OutputBias, dtype, device);

    /// <inheritdoc />
    public override string ToString() => $"mlp[{Arrows}, {Activation}/{OutputActivation}, bias {OnOff(HiddenBias)}/{OnOff(OutputBias)}]";
}

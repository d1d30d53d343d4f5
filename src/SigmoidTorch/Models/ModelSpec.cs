using SigmoidTorch.Functions;
using SigmoidTorch.Limits;
using static TorchSharp.torch;

namespace SigmoidTorch.Models;

/// <summary>
/// Everything needed to rebuild a model: its kind, its layer sizes, its activations and bias flags. Checkpoints store it
/// beside the weights (<c>Data/Checkpoint.cs</c> writes it as text and reads it back); programs build it from flags.
/// Two specs are equal when every field is, the sizes element by element.
/// </summary>
public sealed record ModelSpec
{
    private readonly int[] sizes;

    /// <summary>
    /// A spec as given, unchecked (<see cref="Validate"/> checks it): <paramref name="sizes"/> are the layer sizes
    /// [n0, n1, …, nL], the inputs first and the outputs last — [inputs, 1] for a neuron, [inputs, hidden, outputs] for
    /// a two-layer network.
    /// </summary>
    public ModelSpec(ModelKind kind, IReadOnlyList<int> sizes, Activation activation, Activation outputActivation, bool hiddenBias, bool outputBias)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        Kind = kind;
        this.sizes = sizes.ToArray();
        Activation = activation ?? throw new ArgumentNullException(nameof(activation));
        OutputActivation = outputActivation ?? throw new ArgumentNullException(nameof(outputActivation));
        HiddenBias = hiddenBias;
        OutputBias = outputBias;
    }

    /// <summary>The spec of a sigmoid neuron with <paramref name="inputs"/> inputs.</summary>
    public static ModelSpec Neuron(int inputs, bool bias = true) =>
        new(ModelKind.Neuron, new[] { inputs, 1 }, Functions.Activation.Sigmoid, Functions.Activation.Sigmoid, bias, false);

    /// <summary>The spec of a Linear–activation–Linear network (<see cref="TwoLayerNetwork"/>).</summary>
    public static ModelSpec Network(int inputs, int hidden, int outputs, Activation activation, Activation? outputActivation = null,
                                    bool hiddenBias = true, bool outputBias = true) =>
        new(ModelKind.TwoLayer, new[] { inputs, hidden, outputs }, activation, outputActivation ?? activation, hiddenBias, outputBias);

    /// <summary>The spec of a <see cref="DeepNetwork"/> with layer sizes [n0, …, nL].</summary>
    public static ModelSpec Deep(IReadOnlyList<int> sizes, Activation activation, Activation? outputActivation = null, bool hiddenBias = true, bool outputBias = true) =>
        new(ModelKind.Deep, sizes, activation, outputActivation ?? activation, hiddenBias, outputBias);

    /// <summary>What the model is: a neuron, a two-layer network or a network of any depth.</summary>
    public ModelKind Kind { get; }

    /// <summary>The layer sizes [n0, n1, …, nL]: the inputs first, the outputs last.</summary>
    public IReadOnlyList<int> Sizes => sizes;

    /// <summary>L, the number of Linear layers (1 for a neuron, 2 for a two-layer network).</summary>
    public int Depth => Math.Max(sizes.Length - 1, 0);

    /// <summary>Number of input features, n0.</summary>
    public int Inputs => sizes.Length > 0 ? sizes[0] : 0;

    /// <summary>Hidden units of a two-layer network, n1 (0 for the other kinds).</summary>
    public int Hidden => Kind == ModelKind.TwoLayer && sizes.Length == 3 ? sizes[1] : 0;

    /// <summary>Number of outputs, nL.</summary>
    public int Outputs => sizes.Length > 0 ? sizes[^1] : 0;

    /// <summary>f, the activation of every layer but the last (a neuron's is the sigmoid).</summary>
    public Activation Activation { get; }

    /// <summary>g, the activation of the last layer.</summary>
    public Activation OutputActivation { get; }

    /// <summary>Whether every Linear layer but the last has a bias; for a neuron, whether its only Linear has one.</summary>
    public bool HiddenBias { get; }

    /// <summary>Whether the last Linear layer has a bias (networks only).</summary>
    public bool OutputBias { get; }

    /// <summary>Whether Linear layer <paramref name="layer"/> (1 … L) has a bias.</summary>
    public bool HasBias(int layer) => Kind == ModelKind.Neuron ? HiddenBias : layer < Depth ? HiddenBias : OutputBias;

    /// <summary>The number of weights and biases, Σₗ nₗ₋₁·nₗ plus the biases (for sizes beyond <see cref="long"/>, <see cref="long.MaxValue"/>).</summary>
    public long ParameterCount
    {
        get
        {
            Int128 count = 0;
            for (int l = 1; l < sizes.Length; l++)
                count += (Int128)sizes[l - 1] * sizes[l] + (HasBias(l) ? sizes[l] : 0);
            return count > long.MaxValue ? long.MaxValue : (long)count;
        }
    }

    /// <summary>Σₗ nₗ, every unit of every layer, the inputs included: the width of one row of all the activations.</summary>
    public double Units => sizes.Sum(s => (double)s);

    /// <summary>
    /// Checks the spec and throws a one-line <see cref="SigmoidTorchException"/> naming what is wrong, or a
    /// <see cref="ResourceLimitException"/> when it has more than <see cref="RunLimits.MaxLayers"/> layers or
    /// <see cref="RunLimits.MaxParameters"/> parameters.
    /// </summary>
    public void Validate()
    {
        switch (Kind)
        {
            case ModelKind.Neuron:
                if (sizes.Length != 2) throw new SigmoidTorchException($"a sigmoid neuron has two layer sizes, inputs and 1, got {SizesText}");
                if (Outputs != 1) throw new SigmoidTorchException($"a sigmoid neuron has exactly one output, got outputs={Outputs}");
                if (Activation != Functions.Activation.Sigmoid || OutputActivation != Functions.Activation.Sigmoid)
                    throw new SigmoidTorchException($"a sigmoid neuron's activation is the sigmoid, got {Activation}/{OutputActivation}");
                break;
            case ModelKind.TwoLayer:
                if (sizes.Length != 3) throw new SigmoidTorchException($"a two-layer network has three layer sizes, inputs, hidden and outputs, got {SizesText}");
                if (sizes[1] <= 0) throw new SigmoidTorchException($"a network needs at least one hidden unit, got hidden={sizes[1]}");
                if (!OutputActivation.IsElementwise)
                    throw new SigmoidTorchException($"the two-layer network's output activation is elementwise (sigmoid, tanh, relu, identity), got {OutputActivation}; a deep network takes {OutputActivation}");
                break;
            case ModelKind.Deep:
                if (sizes.Length < 2) throw new SigmoidTorchException($"a network needs at least two layer sizes, its inputs and its outputs, got {SizesText}");
                RunLimits.RequireAtMost($"{this}: the number of layers", Depth, RunLimits.MaxLayers);
                if (sizes.Any(s => s <= 0)) throw new SigmoidTorchException($"every layer needs at least one unit, got sizes {SizesText}");
                break;
            default:
                throw new SigmoidTorchException($"unknown model kind {Kind}");
        }
        if (Inputs <= 0) throw new SigmoidTorchException($"a model needs at least one input, got inputs={Inputs}");
        if (Outputs <= 0) throw new SigmoidTorchException($"a model needs at least one output, got outputs={Outputs}");
        if (!Activation.IsElementwise)
            throw new SigmoidTorchException($"{Activation} couples the units of a layer: it is an output activation, not a hidden one");
        if (OutputActivation == Functions.Activation.Softmax && Outputs < 2)
            throw new SigmoidTorchException($"a softmax output needs at least two outputs (with one it is always 1), got {Outputs}");
        RunLimits.RequireAtMost($"{this}: the number of parameters", ParameterCount, RunLimits.MaxParameters);
    }

    /// <summary>
    /// Throws a one-line <see cref="SigmoidTorchException"/> when <paramref name="loss"/> cannot be taken of this model's
    /// output: a cross-entropy needs the output activation it is written for, and only <see cref="DeepNetwork"/>'s
    /// hand-written backprop reads the logits it is computed from (the neuron and the two-layer network keep the
    /// articles' squared errors).
    /// </summary>
    public void CheckLoss(Loss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.Output is null) return;
        if (Kind != ModelKind.Deep)
            throw new SigmoidTorchException($"the loss {loss.Name} is taken of the logits, which only a deep network's backprop reads; {this} takes the squared errors ({string.Join(", ", Loss.All.Where(l => l.IsSquaredError).Select(l => l.Name))})");
        if (OutputActivation != loss.Output)
            throw new SigmoidTorchException($"the loss {loss.Name} belongs to a {loss.Output} output layer, but {this} has a {OutputActivation} output");
    }

    /// <summary>Builds a freshly initialised model of this spec (TorchSharp's default Linear initialisation).</summary>
    public BackpropModel Build(ScalarType dtype = ScalarType.Float64, Device? device = null)
    {
        Validate();
        return Kind switch
        {
            ModelKind.Neuron => new SigmoidNeuron(Inputs, HiddenBias, dtype, device),
            ModelKind.TwoLayer => new TwoLayerNetwork(Inputs, Hidden, Outputs, Activation, OutputActivation, HiddenBias, OutputBias, dtype, device),
            _ => new DeepNetwork(sizes, Activation, OutputActivation, HiddenBias, OutputBias, dtype, device),
        };
    }

    /// <inheritdoc />
    public bool Equals(ModelSpec? other) =>
        other is not null && Kind == other.Kind && sizes.AsSpan().SequenceEqual(other.sizes) && Activation == other.Activation
        && OutputActivation == other.OutputActivation && HiddenBias == other.HiddenBias && OutputBias == other.OutputBias;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        foreach (int size in sizes) hash.Add(size);
        hash.Add(Activation);
        hash.Add(OutputActivation);
        hash.Add(HiddenBias);
        hash.Add(OutputBias);
        return hash.ToHashCode();
    }

    private string SizesText => $"[{string.Join(", ", sizes.Length <= 12 ? sizes.Select(n => $"{n}") : sizes.Take(10).Select(n => $"{n}").Append($"… ({sizes.Length} sizes)"))}]";

    // n0→n1→…→nL, shortened for a long list.
    private string Arrows => sizes.Length <= 12 ? string.Join("→", sizes) : $"{string.Join("→", sizes.Take(5))}→…→{sizes[^1]} ({Depth} layers)";

    private static string OnOff(bool on) => on ? "on" : "off";

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ModelKind.Neuron => $"neuron[{Inputs}→1, sigmoid, bias {OnOff(HiddenBias)}]",
        ModelKind.TwoLayer => $"mlp[{Arrows}, {Activation}/{OutputActivation}, bias {OnOff(HiddenBias)}/{OnOff(OutputBias)}]",
        _ => $"deep[{Arrows}, {Activation}/{OutputActivation}, bias {OnOff(HiddenBias)}/{OnOff(OutputBias)}]",
    };
}

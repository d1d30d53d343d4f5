using SigmoidTorch.Functions;
using SigmoidTorch.Limits;
using static TorchSharp.torch;

namespace SigmoidTorch.Models;

/// <summary>
/// Everything needed to rebuild a model, one kind per type, each holding only what it has: a sigmoid neuron
/// (<see cref="NeuronSpec"/>), a two-layer network (<see cref="NetworkSpec"/>) or a network of any depth
/// (<see cref="DeepSpec"/>). Checkpoints store it beside the weights (SigmoidTorch.Files); programs build it from flags.
/// Two specs are equal when they are of the same kind and every field is, layer sizes element by element.
/// </summary>
public abstract record ModelSpec
{
    private protected ModelSpec()
    {
    }

    /// <summary>The spec of a sigmoid neuron with <paramref name="inputs"/> inputs.</summary>
    public static NeuronSpec Neuron(int inputs, bool bias = true) => new(inputs, bias);

    /// <summary>The spec of a Linear–activation–Linear network (<see cref="TwoLayerNetwork"/>); g defaults to f.</summary>
    public static NetworkSpec Network(int inputs, int hidden, int outputs, Activation activation, Activation? outputActivation = null,
                                      bool hiddenBias = true, bool outputBias = true) =>
        new(inputs, hidden, outputs, activation, outputActivation ?? activation, hiddenBias, outputBias);

    /// <summary>The spec of a <see cref="DeepNetwork"/> with layer sizes [n0, …, nL]; g defaults to f.</summary>
    public static DeepSpec Deep(IReadOnlyList<int> sizes, Activation activation, Activation? outputActivation = null, bool hiddenBias = true, bool outputBias = true) =>
        new(sizes, activation, outputActivation ?? activation, hiddenBias, outputBias);

    /// <summary>The layer sizes [n0, n1, …, nL]: the inputs first, the outputs last.</summary>
    public abstract IReadOnlyList<int> Sizes { get; }

    /// <summary>L, the number of Linear layers (1 for a neuron, 2 for a two-layer network).</summary>
    public int Depth => Math.Max(Sizes.Count - 1, 0);

    /// <summary>Number of input features, n0.</summary>
    public int Inputs => Sizes.Count > 0 ? Sizes[0] : 0;

    /// <summary>Number of outputs, nL.</summary>
    public int Outputs => Sizes.Count > 0 ? Sizes[^1] : 0;

    /// <summary>f, the activation of every layer but the last (a neuron's is the sigmoid).</summary>
    public abstract Activation Activation { get; }

    /// <summary>g, the activation of the last layer.</summary>
    public abstract Activation OutputActivation { get; }

    /// <summary>Whether Linear layer <paramref name="layer"/> (1 … L) has a bias.</summary>
    public abstract bool HasBias(int layer);

    /// <summary>The number of weights and biases, Σₗ nₗ₋₁·nₗ plus the biases (for sizes beyond <see cref="long"/>, <see cref="long.MaxValue"/>).</summary>
    public long ParameterCount
    {
        get
        {
            Int128 count = 0;
            for (int l = 1; l < Sizes.Count; l++)
                count += (Int128)Sizes[l - 1] * Sizes[l] + (HasBias(l) ? Sizes[l] : 0);
            return count > long.MaxValue ? long.MaxValue : (long)count;
        }
    }

    /// <summary>Σₗ nₗ, every unit of every layer, the inputs included: the width of one row of all the activations.</summary>
    public double Units => Sizes.Sum(s => (double)s);

    /// <summary>
    /// Checks the spec and throws a one-line <see cref="SigmoidTorchException"/> naming what is wrong, or a
    /// <see cref="ResourceLimitException"/> when it has more than <see cref="RunLimits.MaxLayers"/> layers or
    /// <see cref="RunLimits.MaxParameters"/> parameters.
    /// </summary>
    public void Validate()
    {
        ValidateKind();
        if (Inputs <= 0) throw new SigmoidTorchException($"a model needs at least one input, got inputs={Inputs}");
        if (Outputs <= 0) throw new SigmoidTorchException($"a model needs at least one output, got outputs={Outputs}");
        if (!Activation.IsElementwise)
            throw new SigmoidTorchException($"{Activation} couples the units of a layer: it is an output activation, not a hidden one");
        if (OutputActivation == Activation.Softmax && Outputs < 2)
            throw new SigmoidTorchException($"a softmax output needs at least two outputs (with one it is always 1), got {Outputs}");
        RunLimits.RequireAtMost($"{this}: the number of parameters", ParameterCount, RunLimits.MaxParameters);
    }

    /// <summary>
    /// Throws a one-line <see cref="SigmoidTorchException"/> when <paramref name="loss"/> cannot be taken of this model's
    /// output: a cross-entropy needs the output activation it is written for, and only <see cref="DeepNetwork"/>'s
    /// hand-written backprop reads the logits it is computed from (the neuron and the two-layer network keep the
    /// articles' squared errors).
    /// </summary>
    public virtual void CheckLoss(Loss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.Output is not null)
            throw new SigmoidTorchException($"the loss {loss.Name} is taken of the logits, which only a deep network's backprop reads; {this} takes the squared errors ({string.Join(", ", Loss.SquaredErrors.Select(l => l.Name))})");
    }

    /// <summary>Builds a freshly initialised model of this spec (TorchSharp's default Linear initialisation).</summary>
    public BackpropModel Build(ScalarType dtype = ScalarType.Float64, Device? device = null)
    {
        Validate();
        return Create(dtype, device);
    }

    /// <summary>The checks of this kind, before the ones every spec has.</summary>
    private protected abstract void ValidateKind();

    /// <summary>The model of this spec, already validated.</summary>
    private protected abstract BackpropModel Create(ScalarType dtype, Device? device);

    /// <summary>The sizes as a list, shortened when long: [2, 5, 1].</summary>
    private protected string SizesText => $"[{string.Join(", ", Sizes.Count <= 12 ? Sizes.Select(n => $"{n}") : Sizes.Take(10).Select(n => $"{n}").Append($"… ({Sizes.Count} sizes)"))}]";

    /// <summary>n0→n1→…→nL, shortened when long.</summary>
    private protected string Arrows => Sizes.Count <= 12 ? string.Join("→", Sizes) : $"{string.Join("→", Sizes.Take(5))}→…→{Sizes[^1]} ({Depth} layers)";

    /// <summary>"on" or "off".</summary>
    private protected static string OnOff(bool on) => on ? "on" : "off";

    /// <inheritdoc />
    public abstract override string ToString();
}

using SigmoidTorch.Functions;
using SigmoidTorch.Limits;
using static TorchSharp.torch;

namespace SigmoidTorch.Models;

/// <summary>A network of any depth (<see cref="DeepNetwork"/>): layer sizes [n0, …, nL], f, g and the bias flags of the hidden and output layers.</summary>
public sealed record DeepSpec : ModelSpec
{
    private readonly int[] sizes;

    /// <summary>The network as given, unchecked (<see cref="ModelSpec.Validate"/> checks it).</summary>
    public DeepSpec(IReadOnlyList<int> sizes, Activation activation, Activation outputActivation, bool hiddenBias, bool outputBias)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        this.sizes = sizes.ToArray();
        Activation = activation ?? throw new ArgumentNullException(nameof(activation));
        OutputActivation = outputActivation ?? throw new ArgumentNullException(nameof(outputActivation));
        HiddenBias = hiddenBias;
        OutputBias = outputBias;
    }

    /// <inheritdoc />
    public override IReadOnlyList<int> Sizes => sizes;

    /// <inheritdoc />
    public override Activation Activation { get; }

    /// <inheritdoc />
    public override Activation OutputActivation { get; }

    /// <summary>Whether every Linear layer but the last has a bias.</summary>
    public bool HiddenBias { get; }

    /// <summary>Whether the last Linear layer has a bias.</summary>
    public bool OutputBias { get; }

    /// <inheritdoc />
    public override bool HasBias(int layer) => layer < Depth ? HiddenBias : OutputBias;

    /// <summary>Only a deep network's backprop reads the logits, so it alone takes the cross-entropies, each with its own output activation.</summary>
    public override void CheckLoss(Loss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.Output is not null && OutputActivation != loss.Output)
            throw new SigmoidTorchException($"the loss {loss.Name} belongs to a {loss.Output} output layer, but {this} has a {OutputActivation} output");
    }

    private protected override void ValidateKind()
    {
        if (sizes.Length < 2) throw new SigmoidTorchException($"a network needs at least two layer sizes, its inputs and its outputs, got {SizesText}");
        RunLimits.RequireAtMost($"{this}: the number of layers", Depth, RunLimits.MaxLayers);
        if (sizes.Any(s => s <= 0)) throw new SigmoidTorchException($"every layer needs at least one unit, got sizes {SizesText}");
    }

    private protected override BackpropModel Create(ScalarType dtype, Device? device) =>
        new DeepNetwork(sizes, Activation, OutputActivation, HiddenBias, OutputBias, dtype, device);

    /// <inheritdoc />
    public bool Equals(DeepSpec? other) =>
        other is not null && sizes.AsSpan().SequenceEqual(other.sizes) && Activation == other.Activation
        && OutputActivation == other.OutputActivation && HiddenBias == other.HiddenBias && OutputBias == other.OutputBias;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int size in sizes) hash.Add(size);
        hash.Add(Activation);
        hash.Add(OutputActivation);
        hash.Add(HiddenBias);
        hash.Add(OutputBias);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"deep[{Arrows}, {Activation}/{OutputActivation}, bias {OnOff(HiddenBias)}/{OnOff(OutputBias)}]";
}

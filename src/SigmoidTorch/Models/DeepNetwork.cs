using SigmoidTorch.Functions;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SigmoidTorch.Models;

/// <summary>
/// A network of any depth, Nielsen's <c>Network([n0, n1, …, nL])</c> as an <c>nn.Module</c>: L Linear layers, layer l
/// mapping nₗ₋₁ units to nₗ, with the hidden activation f after every layer but the last and the output activation g
/// after the last. Rows are samples: A⁰ = X, Zˡ = Aˡ⁻¹·Wˡᵀ + bˡ, Aˡ = f(Zˡ), Ŷ = Aᴸ = g(Zᴸ). Layer l's weight Wˡ is
/// [nₗ, nₗ₋₁] as <c>nn.Linear</c> keeps it, named <c>layers.{l−1}.weight</c> (and <c>.bias</c>) in the state_dict.
/// Hand-written backprop: <c>Gradients/DeepBackprop.cs</c>. (Seed 001's network stays <see cref="TwoLayerNetwork"/>,
/// whose state_dict names its checkpoints and weight files carry.)
/// </summary>
public sealed class DeepNetwork : BackpropModel
{
    private readonly ModuleList<Linear> layers;
    private readonly DeepSpec spec;

    /// <summary>
    /// Creates the network with layer sizes <paramref name="sizes"/> = [n0, …, nL] (L ≥ 1). <paramref name="outputActivation"/>
    /// defaults to <paramref name="activation"/>; <paramref name="hiddenBias"/> gives every layer but the last a bias,
    /// <paramref name="outputBias"/> the last. TorchSharp's default Linear initialisation.
    /// </summary>
    public DeepNetwork(IReadOnlyList<int> sizes, Activation activation, Activation? outputActivation = null, bool hiddenBias = true, bool outputBias = true,
                       ScalarType dtype = ScalarType.Float64, Device? device = null)
        : base(nameof(DeepNetwork))
    {
        spec = ModelSpec.Deep(sizes, activation, outputActivation, hiddenBias, outputBias);
        spec.Validate();
        Activation = activation;
        OutputActivation = spec.OutputActivation;
        layers = nn.ModuleList(Enumerable.Range(1, spec.Depth)
            .Select(l => nn.Linear(sizes[l - 1], sizes[l], hasBias: spec.HasBias(l), device: device, dtype: dtype)).ToArray());
        RegisterComponents();
    }

    /// <inheritdoc />
    public override ModelSpec Spec => spec;

    /// <summary>L, the number of Linear layers.</summary>
    public int Depth => spec.Depth;

    /// <summary>f, the activation of every layer but the last.</summary>
    public Activation Activation { get; }

    /// <summary>g, the activation of the last layer.</summary>
    public override Activation OutputActivation { get; }

    /// <summary>Wˡ, layer <paramref name="l"/>'s weight (l = 1 … L), shape [nₗ, nₗ₋₁].</summary>
    public Tensor W(int l) => Layer(l).weight!;

    /// <summary>bˡ, layer <paramref name="l"/>'s bias (l = 1 … L), shape [nₗ], or null.</summary>
    public Tensor? B(int l) => Layer(l).bias;

    /// <summary>The activation after layer <paramref name="l"/>: f for l &lt; L, g for l = L.</summary>
    public Activation ActivationOf(int l) => l == Depth ? OutputActivation : Activation;

    /// <summary>Zᴸ, the last layer before g (Ŷ = g(Zᴸ)), shape [N, nL].</summary>
    public override Tensor Logits(Tensor x)
    {
        var a = x;
        for (int l = 1; l < Depth; l++)
            a = Activation.Apply(layers[l - 1].forward(a));
        return layers[Depth - 1].forward(a);
    }

    private Linear Layer(int l) => l >= 1 && l <= Depth ? layers[l - 1]
        : throw new ArgumentOutOfRangeException(nameof(l), l, $"layers are numbered 1 to {Depth}");
}

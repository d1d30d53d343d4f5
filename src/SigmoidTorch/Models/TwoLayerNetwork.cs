using SigmoidTorch.Functions;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SigmoidTorch.Models;

/// <summary>
/// Linear(in → hidden) → activation → Linear(hidden → out) → output activation:
/// H = f(X·W1ᵀ + b1), Ŷ = g(H·W2ᵀ + b2). Seed 001's network is (1 → 5 → 1) with a bias on the first layer only
/// (its column of ones) and g = f.
/// </summary>
public sealed class TwoLayerNetwork : BackpropModel
{
    private readonly Linear hidden;
    private readonly Linear output;
    private readonly NetworkSpec spec;

    /// <summary>Creates the network. <paramref name="outputActivation"/> defaults to <paramref name="activation"/>.</summary>
    public TwoLayerNetwork(int inputs, int hiddenUnits, int outputs, Activation activation, Activation? outputActivation = null,
                           bool hiddenBias = true, bool outputBias = true, ScalarType dtype = ScalarType.Float64, Device? device = null)
        : base(nameof(TwoLayerNetwork))
    {
        spec = ModelSpec.Network(inputs, hiddenUnits, outputs, activation, outputActivation, hiddenBias, outputBias);
        spec.Validate();
        Activation = activation;
        OutputActivation = outputActivation ?? activation;
        hidden = nn.Linear(inputs, hiddenUnits, hasBias: hiddenBias, device: device, dtype: dtype);
        output = nn.Linear(hiddenUnits, outputs, hasBias: outputBias, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override ModelSpec Spec => spec;

    /// <summary>n1, the hidden units.</summary>
    public int Hidden => spec.Hidden;

    /// <summary>f, the hidden activation.</summary>
    public Activation Activation { get; }

    /// <summary>g, the output activation.</summary>
    public override Activation OutputActivation { get; }

    /// <summary>W1, shape [hidden, in].</summary>
    public Tensor W1 => hidden.weight!;

    /// <summary>b1, shape [hidden], or null.</summary>
    public Tensor? B1 => hidden.bias;

    /// <summary>W2, shape [out, hidden].</summary>
    public Tensor W2 => output.weight!;

    /// <summary>b2, shape [out], or null.</summary>
    public Tensor? B2 => output.bias;

    /// <summary>Z1 = X·W1ᵀ + b1, the hidden layer before f (H = f(Z1)), shape [N, hidden].</summary>
    public Tensor HiddenInput(Tensor x) => hidden.forward(x);

    /// <summary>H = f(X·W1ᵀ + b1), the hidden layer's values, shape [N, hidden].</summary>
    public Tensor HiddenLayer(Tensor x) => Activation.Apply(HiddenInput(x));

    /// <summary>Z2 = H·W2ᵀ + b2, the output layer before g (Ŷ = g(Z2)), shape [N, out].</summary>
    public override Tensor Logits(Tensor x) => output.forward(HiddenLayer(x));

    /// <summary>
    /// Ŷ = g(H·W2ᵀ + b2) from the hidden layer's values <paramref name="h"/> (<see cref="HiddenLayer"/>), so that a
    /// caller that needs both computes the hidden layer once: <c>forward(x)</c> is <c>OutputLayer(HiddenLayer(x))</c>.
    /// </summary>
    public Tensor OutputLayer(Tensor h) => OutputActivation.Apply(output.forward(h));
}

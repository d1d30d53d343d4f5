using static TorchSharp.torch;

namespace SigmoidTorch.Functions;

/// <summary>
/// An activation function with its derivative written from its <em>output</em> a = f(z), as the articles write it
/// (σ' = a(1−a), tanh' = 1−a², ReLU' = [a &gt; 0]), and the range of its output (used to normalise targets). Softmax is
/// the one that is not elementwise: each output depends on every z of its row, so it has no f'(a) to multiply by, and
/// <see cref="Backward"/> multiplies by its Jacobian instead; it serves as an output activation only.
/// </summary>
public sealed class Activation
{
    private readonly Func<Tensor, Tensor> function;
    private readonly Func<Tensor, Tensor>? derivativeFromOutput;
    private readonly Func<Tensor, Tensor, Tensor> backward;

    private Activation(string name, string formula, double min, double max, Func<Tensor, Tensor> function, Func<Tensor, Tensor>? derivativeFromOutput,
                       Func<Tensor, Tensor, Tensor>? backward = null)
    {
        Name = name;
        Formula = formula;
        Min = min;
        Max = max;
        this.function = function;
        this.derivativeFromOutput = derivativeFromOutput;
        this.backward = backward ?? ((a, dL_da) => dL_da * derivativeFromOutput!(a));
    }

    /// <summary>σ(z) = 1/(1+e^−z), σ' = a(1−a), output in (0, 1).</summary>
    public static Activation Sigmoid { get; } = new("sigmoid", "σ(z) = 1/(1+e^−z); σ' = a(1−a)", 0, 1, z => z.sigmoid(), a => a * 1.0.Minus(a));

    /// <summary>tanh(z), tanh' = 1−a², output in (−1, 1).</summary>
    public static Activation Tanh { get; } = new("tanh", "tanh(z); tanh' = 1−a²", -1, 1, z => z.tanh(), a => 1.0.Minus(a * a));

    /// <summary>ReLU(z) = max(0, z), ReLU' = [a &gt; 0], output in [0, ∞).</summary>
    public static Activation Relu { get; } = new("relu", "ReLU(z) = max(0, z); ReLU' = [a > 0]", 0, double.PositiveInfinity, z => z.relu(), a => a.GreaterThan(0).to(a.dtype));

    /// <summary>The identity f(z) = z, f' = 1 (an output layer with no squashing).</summary>
    public static Activation Identity { get; } = new("identity", "f(z) = z; f' = 1", double.NegativeInfinity, double.PositiveInfinity, z => z.alias(), a => ones_like(a));

    /// <summary>
    /// softmax(z)ᵢ = e^zᵢ / Σⱼ e^zⱼ over each row (the units of one layer), output in (0, 1) with every row summing to 1:
    /// the probabilities of the classes. libtorch subtracts the row's largest z first, so no e^z overflows. Its outputs
    /// are coupled, ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ), so the gradient through it is the Jacobian's product
    /// ∂L/∂zᵢ = aᵢ(∂L/∂aᵢ − Σⱼ ∂L/∂aⱼ·aⱼ), not an elementwise f'.
    /// </summary>
    public static Activation Softmax { get; } = new("softmax", "softmax(z)ᵢ = e^zᵢ/Σⱼ e^zⱼ; ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)", 0, 1, z => z.softmax(1), null,
        (a, dL_da) => a * (dL_da - (dL_da * a).sum(dim: 1, keepdim: true)));              // ∂L/∂zᵢ = aᵢ(∂L/∂aᵢ − Σⱼ ∂L/∂aⱼ·aⱼ)

    /// <summary>Every activation in the catalogue.</summary>
    public static IReadOnlyList<Activation> All { get; } = new[] { Sigmoid, Tanh, Relu, Identity, Softmax };

    /// <summary>Lower-case name: sigmoid, tanh, relu, identity or softmax.</summary>
    public string Name { get; }

    /// <summary>The function and its derivative, for printing.</summary>
    public string Formula { get; }

    /// <summary>Lower end of the output range.</summary>
    public double Min { get; }

    /// <summary>Upper end of the output range.</summary>
    public double Max { get; }

    /// <summary>Whether each output depends on its own z alone (all but softmax): then it has a <see cref="DerivativeFromOutput"/>.</summary>
    public bool IsElementwise => derivativeFromOutput is not null;

    /// <summary>a = f(z).</summary>
    public Tensor Apply(Tensor z) => function(z);

    /// <summary>f'(z) expressed through the output a = f(z); only for an elementwise activation (<see cref="IsElementwise"/>).</summary>
    public Tensor DerivativeFromOutput(Tensor a) => derivativeFromOutput is { } derivative ? derivative(a)
        : throw new InvalidOperationException($"{Name} couples the units of its layer: it has no elementwise derivative (use Backward)");

    /// <summary>
    /// ∂L/∂z from ∂L/∂a, through this activation at its output a = f(z): ∂L/∂a ⊙ f'(a) for an elementwise one, the
    /// Jacobian's product for softmax.
    /// </summary>
    public Tensor Backward(Tensor a, Tensor dL_da) => backward(a, dL_da);

    /// <summary>Finds an activation by name (case-insensitive: sigmoid, tanh, relu, identity, softmax).</summary>
    public static Activation Parse(string name)
    {
        foreach (var activation in All)
            if (string.Equals(activation.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
                return activation;
        throw new SigmoidTorchException($"unknown activation '{name}': expected one of {string.Join(", ", All.Select(a => a.Name))}");
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

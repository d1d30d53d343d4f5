using static TorchSharp.torch;

namespace SigmoidTorch.Functions;

/// <summary>
/// An activation function a = f(z) with its derivative f'(z), and the range of its output (used to normalise targets).
/// Every elementwise activation gives f' as a function of its input z. The articles' three (and the identity) also
/// write it from the output a = f(z) — σ' = a(1−a), tanh' = 1−a², ReLU' = [a &gt; 0] — and the hand-written backprop
/// uses that form where it exists, as the articles do (<see cref="Derivative(Tensor, Tensor)"/>); a test checks that
/// both forms agree. Softmax is the one that is not elementwise: each output depends on every z of its row, so it has
/// no f' to multiply by, and <see cref="Backward"/> multiplies by its Jacobian instead; it serves as an output
/// activation only.
/// </summary>
public sealed class Activation
{
    private readonly Func<Tensor, Tensor> function;
    private readonly Func<Tensor, Tensor>? derivative;
    private readonly Func<Tensor, Tensor>? derivativeFromOutput;
    private readonly Func<Tensor, Tensor, Tensor>? jacobianProduct;

    private Activation(string name, string formula, double min, double max, Func<Tensor, Tensor> function,
                       Func<Tensor, Tensor>? derivative, Func<Tensor, Tensor>? derivativeFromOutput, Func<Tensor, Tensor, Tensor>? jacobianProduct = null)
    {
        Name = name;
        Formula = formula;
        Min = min;
        Max = max;
        this.function = function;
        this.derivative = derivative;
        this.derivativeFromOutput = derivativeFromOutput;
        this.jacobianProduct = jacobianProduct;
    }

    /// <summary>σ(z) = 1/(1+e^−z), σ'(z) = σ(z)(1−σ(z)) = a(1−a), output in (0, 1).</summary>
    public static Activation Sigmoid { get; } = new("sigmoid", "σ(z) = 1/(1+e^−z); σ' = a(1−a)", 0, 1, z => z.sigmoid(),
        z => { var s = z.sigmoid(); return s * 1.0.Minus(s); },                     // σ'(z) = σ(z)(1 − σ(z))
        a => a * 1.0.Minus(a));                                                     // σ' = a(1 − a)

    /// <summary>tanh(z), tanh'(z) = 1 − tanh²(z) = 1−a², output in (−1, 1).</summary>
    public static Activation Tanh { get; } = new("tanh", "tanh(z); tanh' = 1−a²", -1, 1, z => z.tanh(),
        z => { var t = z.tanh(); return 1.0.Minus(t * t); },                        // tanh'(z) = 1 − tanh²(z)
        a => 1.0.Minus(a * a));                                                     // tanh' = 1 − a²

    /// <summary>ReLU(z) = max(0, z), ReLU'(z) = [z &gt; 0] = [a &gt; 0], output in [0, ∞).</summary>
    public static Activation Relu { get; } = new("relu", "ReLU(z) = max(0, z); ReLU' = [a > 0]", 0, double.PositiveInfinity, z => z.relu(),
        z => z.GreaterThan(0).to(z.dtype),                                          // ReLU'(z) = [z > 0]
        a => a.GreaterThan(0).to(a.dtype));                                         // ReLU' = [a > 0]

    /// <summary>The identity f(z) = z, f' = 1 (an output layer with no squashing).</summary>
    public static Activation Identity { get; } = new("identity", "f(z) = z; f' = 1", double.NegativeInfinity, double.PositiveInfinity, z => z.alias(),
        z => ones_like(z),                                                          // f'(z) = 1
        a => ones_like(a));                                                         // f' = 1

    /// <summary>
    /// softmax(z)ᵢ = e^zᵢ / Σⱼ e^zⱼ over each row (the units of one layer), output in (0, 1) with every row summing to 1:
    /// the probabilities of the classes. libtorch subtracts the row's largest z first, so no e^z overflows. Its outputs
    /// are coupled, ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ), so the gradient through it is the Jacobian's product
    /// ∂L/∂zᵢ = aᵢ(∂L/∂aᵢ − Σⱼ ∂L/∂aⱼ·aⱼ), not an elementwise f'.
    /// </summary>
    public static Activation Softmax { get; } = new("softmax", "softmax(z)ᵢ = e^zᵢ/Σⱼ e^zⱼ; ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)", 0, 1, z => z.softmax(1), null, null,
        (a, dL_da) => a * (dL_da - (dL_da * a).sum(dim: 1, keepdim: true)));      // ∂L/∂zᵢ = aᵢ(∂L/∂aᵢ − Σⱼ ∂L/∂aⱼ·aⱼ)

    /// <summary>Every activation in the catalogue.</summary>
    public static IReadOnlyList<Activation> All { get; } = new[] { Sigmoid, Tanh, Relu, Identity, Softmax };

    /// <summary>The activations a hidden layer can have: the elementwise ones.</summary>
    public static IReadOnlyList<Activation> Hidden { get; } = All.Where(a => a.IsElementwise).ToArray();

    /// <summary>Lower-case name: sigmoid, tanh, relu, identity or softmax.</summary>
    public string Name { get; }

    /// <summary>The function and its derivative, for printing.</summary>
    public string Formula { get; }

    /// <summary>Lower end of the output range.</summary>
    public double Min { get; }

    /// <summary>Upper end of the output range.</summary>
    public double Max { get; }

    /// <summary>Whether each output depends on its own z alone (all but softmax): then it has a <see cref="Derivative(Tensor)"/>.</summary>
    public bool IsElementwise => derivative is not null;

    /// <summary>Whether f' can also be written from the output a = f(z) (<see cref="DerivativeFromOutput"/>).</summary>
    public bool HasOutputForm => derivativeFromOutput is not null;

    /// <summary>a = f(z).</summary>
    public Tensor Apply(Tensor z) => function(z);

    /// <summary>f'(z), from the input z; only for an elementwise activation (<see cref="IsElementwise"/>).</summary>
    public Tensor Derivative(Tensor z) => derivative is { } d ? d(z) : throw NotElementwise();

    /// <summary>f'(z) written from the output a = f(z), as the articles write it; only where <see cref="HasOutputForm"/>.</summary>
    public Tensor DerivativeFromOutput(Tensor a) => derivativeFromOutput is { } d ? d(a)
        : throw new InvalidOperationException(IsElementwise ? $"{Name}' has no form in its output a alone: use Derivative(z)" : NotElementwise().Message);

    /// <summary>
    /// f'(z) at a layer whose input z and output a = f(z) are both at hand: from a where the activation has an output
    /// form (the articles' σ' = a(1−a)), from z otherwise.
    /// </summary>
    public Tensor Derivative(Tensor z, Tensor a) => HasOutputForm ? DerivativeFromOutput(a) : Derivative(z);

    /// <summary>
    /// ∂L/∂z from ∂L/∂a through this activation, at its input z and output a = f(z): ∂L/∂a ⊙ f'(z) for an elementwise
    /// one, the Jacobian's product for softmax.
    /// </summary>
    public Tensor Backward(Tensor z, Tensor a, Tensor dL_da) => jacobianProduct is { } product ? product(a, dL_da) : dL_da * Derivative(z, a);

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

    private InvalidOperationException NotElementwise() =>
        new($"{Name} couples the units of its layer: it has no elementwise derivative (use Backward)");
}

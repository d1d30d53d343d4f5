using static TorchSharp.torch;

namespace SigmoidTorch.Functions;

/// <summary>
/// An activation function with its derivative written from its <em>output</em> a = f(z), as the articles write it
/// (σ' = a(1−a), tanh' = 1−a², ReLU' = [a &gt; 0]), and the range of its output (used to normalise targets).
/// </summary>
public sealed class Activation
{
    private readonly Func<Tensor, Tensor> function;
    private readonly Func<Tensor, Tensor> derivativeFromOutput;

    private Activation(string name, string formula, double min, double max, Func<Tensor, Tensor> function, Func<Tensor, Tensor> derivativeFromOutput)
    {
        Name = name;
        Formula = formula;
        Min = min;
        Max = max;
        this.function = function;
        this.derivativeFromOutput = derivativeFromOutput;
    }

    /// <summary>σ(z) = 1/(1+e^−z), σ' = a(1−a), output in (0, 1).</summary>
    public static Activation Sigmoid { get; } = new("sigmoid", "σ(z) = 1/(1+e^−z); σ' = a(1−a)", 0, 1, z => z.sigmoid(), a => a * (1 - a));

    /// <summary>tanh(z), tanh' = 1−a², output in (−1, 1).</summary>
    public static Activation Tanh { get; } = new("tanh", "tanh(z); tanh' = 1−a²", -1, 1, z => z.tanh(), a => 1 - a * a);

    /// <summary>ReLU(z) = max(0, z), ReLU' = [a &gt; 0], output in [0, ∞).</summary>
    public static Activation Relu { get; } = new("relu", "ReLU(z) = max(0, z); ReLU' = [a > 0]", 0, double.PositiveInfinity, z => z.relu(), a => a.gt(0).to(a.dtype));

    /// <summary>The identity f(z) = z, f' = 1 (an output layer with no squashing).</summary>
    public static Activation Identity { get; } = new("identity", "f(z) = z; f' = 1", double.NegativeInfinity, double.PositiveInfinity, z => z.alias(), a => ones_like(a));

    /// <summary>Every activation in the catalogue.</summary>
    public static IReadOnlyList<Activation> All { get; } = new[] { Sigmoid, Tanh, Relu, Identity };

    /// <summary>Lower-case name: sigmoid, tanh, relu or identity.</summary>
    public string Name { get; }

    /// <summary>The function and its derivative, for printing.</summary>
    public string Formula { get; }

    /// <summary>Lower end of the output range.</summary>
    public double Min { get; }

    /// <summary>Upper end of the output range.</summary>
    public double Max { get; }

    /// <summary>a = f(z).</summary>
    public Tensor Apply(Tensor z) => function(z);

    /// <summary>f'(z) expressed through the output a = f(z).</summary>
    public Tensor DerivativeFromOutput(Tensor a) => derivativeFromOutput(a);

    /// <summary>Finds an activation by name (case-insensitive: sigmoid, tanh, relu, identity).</summary>
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

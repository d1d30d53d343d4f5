using System.Collections.Concurrent;
using TorchSharp;
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
/// <para>
/// Beyond the articles, the activations of modern networks, each with f'(z) written by hand beside its equation and
/// held to libtorch's own module: GELU (exact and tanh forms), SiLU, softplus, leaky ReLU and ELU. They have no form in
/// the output alone (ELU's αe^z = a + α for z ≤ 0 is exact, but a + α cancels to a few correct digits where a ≈ −α, so
/// f' is taken from z). Softplus, leaky ReLU and ELU take numbers; with libtorch's defaults they are the catalogue's
/// <c>softplus</c>, <c>leaky-relu</c> and <c>elu</c>, otherwise their name carries the numbers (<c>leaky-relu(0.2)</c>,
/// <c>softplus(2,10)</c>, <c>elu(0.5)</c>), which <see cref="Parse"/> reads back, so a checkpoint keeps them.
/// </para>
/// </summary>
public sealed class Activation
{
    private readonly Func<Tensor, Tensor> function;
    private readonly Func<Tensor, Tensor>? derivative;
    private readonly Func<Tensor, Tensor>? derivativeFromOutput;
    private readonly Func<Tensor, Tensor, Tensor>? jacobianProduct;

    // The activations made with numbers, by name: one object per function, so that == compares them as it does the others.
    private static readonly ConcurrentDictionary<string, Activation> WithNumbers = new(StringComparer.Ordinal);

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

    /// <summary>
    /// GELU(z) = z·Φ(z), Φ the standard normal distribution function, computed from erf as nn.GELU() does;
    /// GELU'(z) = Φ(z) + z·φ(z). Output in [−0.17, ∞) (its minimum is −0.16997, at z ≈ −0.752).
    /// </summary>
    public static Activation Gelu { get; } = new("gelu", "GELU(z) = z·Φ(z), Φ(z) = ½(1 + erf(z/√2)); GELU' = Φ(z) + z·φ(z)", -0.17, double.PositiveInfinity,
        z => z.gelu(), GeluDerivative, null);

    /// <summary>
    /// GELU's tanh approximation, nn.GELU(approximate: "tanh"): f(z) = ½z(1 + tanh u), u = √(2/π)(z + 0.044715z³);
    /// f'(z) = ½(1 + tanh u) + ½z(1 − tanh²u)·u'. Output in [−0.1701, ∞) (its minimum is −0.17004, at z ≈ −0.752).
    /// </summary>
    public static Activation GeluTanh { get; } = new("gelu-tanh", "f(z) = ½z(1 + tanh u), u = √(2/π)(z + 0.044715z³); f' = ½(1 + tanh u) + ½z(1 − tanh²u)·u'", -0.1701, double.PositiveInfinity,
        z => z.gelu(TorchSharp.Modules.GELU.Approximate.tanh), GeluTanhDerivative, null);

    /// <summary>SiLU (swish) f(z) = z·σ(z), f'(z) = σ(z)(1 + z(1 − σ(z))). Output in [−0.2785, ∞) (its minimum is −0.27846, at z ≈ −1.278).</summary>
    public static Activation Silu { get; } = new("silu", "SiLU(z) = z·σ(z); SiLU' = σ(z)(1 + z(1 − σ(z)))", -0.2785, double.PositiveInfinity,
        z => z.silu(), SiluDerivative, null);

    /// <summary>
    /// softplus(z) = (1/β)·log(1 + e^βz), and z itself where βz &gt; <paramref name="threshold"/> (libtorch's linear
    /// threshold: there log(1 + e^βz) = βz to within e^−20 of it, and e^βz would overflow for large z); softplus'(z) =
    /// σ(βz), 1 above the threshold. Output in (0, ∞). libtorch's defaults, β = 1 and threshold 20, give the catalogue's
    /// <c>softplus</c>; other numbers give <c>softplus(β)</c> or <c>softplus(β,threshold)</c>.
    /// </summary>
    /// <param name="beta">β &gt; 0 (finite).</param>
    /// <param name="threshold">The βz above which softplus is z (finite).</param>
    public static Activation Softplus(double beta = 1, double threshold = 20)
    {
        ParameterisedName.Check("softplus's β", beta, positive: true);
        ParameterisedName.Check("softplus's threshold", threshold);
        return WithNumbers.GetOrAdd(ParameterisedName.Format("softplus", [beta, threshold], [1, 20]), name => new(name,
            "softplus(z) = log(1 + e^βz)/β, z where βz > threshold; softplus' = σ(βz), 1 where βz > threshold", 0, double.PositiveInfinity,
            z => SoftplusOf(z, beta, threshold), z => SoftplusDerivative(z, beta, threshold), null));
    }

    /// <summary>
    /// Leaky ReLU f(z) = z for z &gt; 0, <paramref name="negativeSlope"/>·z otherwise, as nn.LeakyReLU; f'(z) = 1 for
    /// z &gt; 0 and the slope for z ≤ 0 (at 0, libtorch's convention: the slope). The default 0.01 gives the catalogue's
    /// <c>leaky-relu</c>, another slope <c>leaky-relu(slope)</c>.
    /// </summary>
    /// <param name="negativeSlope">The slope for z ≤ 0 (finite).</param>
    public static Activation LeakyRelu(double negativeSlope = 0.01)
    {
        ParameterisedName.Check("leaky ReLU's slope", negativeSlope);
        return WithNumbers.GetOrAdd(ParameterisedName.Format("leaky-relu", [negativeSlope], [0.01]), name => new(name,
            "f(z) = z for z > 0, slope·z for z ≤ 0; f' = 1 for z > 0, slope for z ≤ 0", negativeSlope > 0 ? double.NegativeInfinity : 0, double.PositiveInfinity,
            z => LeakyReluOf(z, negativeSlope), z => LeakyReluDerivative(z, negativeSlope), null));
    }

    /// <summary>
    /// ELU f(z) = z for z &gt; 0, α(e^z − 1) otherwise, as nn.ELU; f'(z) = 1 for z &gt; 0 and αe^z for z ≤ 0 (at 0,
    /// libtorch's convention: α). Output in (−α, ∞). The default α = 1 gives the catalogue's <c>elu</c>, another α <c>elu(α)</c>.
    /// </summary>
    /// <param name="alpha">α &gt; 0 (finite).</param>
    public static Activation Elu(double alpha = 1)
    {
        ParameterisedName.Check("ELU's α", alpha, positive: true);
        return WithNumbers.GetOrAdd(ParameterisedName.Format("elu", [alpha], [1]), name => new(name,
            "ELU(z) = z for z > 0, α(e^z − 1) for z ≤ 0; ELU' = 1 for z > 0, αe^z for z ≤ 0", -alpha, double.PositiveInfinity,
            z => EluOf(z, alpha), z => EluDerivative(z, alpha), null));
    }

    // GELU'(z) = Φ(z) + z·φ(z), Φ and φ as libtorch's GeluBackward writes them.
    private static Tensor GeluDerivative(Tensor z)
    {
        var cdf = z.Times(Math.Sqrt(0.5)).erf().Plus(1).Times(0.5);                 // Φ(z) = ½(1 + erf(z/√2))
        var pdf = z.Squared().Times(-0.5).exp().Times(1 / Math.Sqrt(2 * Math.PI));  // φ(z) = e^(−z²/2)/√(2π)
        return cdf.Plus(z * pdf);                                                   // GELU'(z) = Φ(z) + z·φ(z)
    }

    // The tanh form, by the product and chain rules: f = ½z·(1 + tanh u).
    private static Tensor GeluTanhDerivative(Tensor z)
    {
        const double Kappa = 0.044715;
        double c = Math.Sqrt(2 / Math.PI);
        var z2 = z.Squared();
        var t = z.Plus((z * z2).Times(Kappa)).Times(c).tanh();                     // t = tanh u, u = √(2/π)(z + 0.044715z³)
        var du = z2.Times(3 * Kappa).Plus(1).Times(c);                              // u' = √(2/π)(1 + 3·0.044715z²)
        return t.Plus(1).Times(0.5).Plus(z.Times(0.5) * 1.0.Minus(t * t) * du);    // f' = ½(1 + t) + ½z·(1 − t²)·u'
    }

    private static Tensor SiluDerivative(Tensor z)
    {
        var s = z.sigmoid();                                                        // σ(z)
        return s * (z * 1.0.Minus(s)).Plus(1);                                      // SiLU'(z) = σ(z)(1 + z(1 − σ(z)))
    }

    // libtorch's softplus, written out (TorchSharp's softplus(β, threshold) leaves its Scalars to the collector).
    private static Tensor SoftplusOf(Tensor z, double beta, double threshold)
    {
        var bz = z.Times(beta);                                                     // βz
        var smooth = bz.AtMost(threshold).exp().log1p().Over(beta);                 // log(1 + e^βz)/β, e^βz capped: no overflow
        return where(bz.GreaterThan(threshold), z, smooth);                         // z where βz > threshold
    }

    private static Tensor SoftplusDerivative(Tensor z, double beta, double threshold)
    {
        var bz = z.Times(beta);                                                     // βz
        return where(bz.GreaterThan(threshold), ones_like(z), bz.sigmoid());        // softplus'(z) = σ(βz); 1 where βz > threshold
    }

    private static Tensor LeakyReluOf(Tensor z, double negativeSlope)
    {
        using var slope = negativeSlope.ToScalar();
        return z.leaky_relu(slope);
    }

    private static Tensor LeakyReluDerivative(Tensor z, double negativeSlope) =>
        where(z.GreaterThan(0), ones_like(z), ones_like(z).Times(negativeSlope));  // f'(z) = 1 for z > 0, slope for z ≤ 0

    private static Tensor EluOf(Tensor z, double alpha)
    {
        using var a = alpha.ToScalar();
        using var one = 1.0.ToScalar();
        return z.elu(a, one, one);
    }

    private static Tensor EluDerivative(Tensor z, double alpha) =>
        where(z.GreaterThan(0), ones_like(z), z.exp().Times(alpha));                // ELU'(z) = 1 for z > 0, αe^z for z ≤ 0

    /// <summary>Every activation in the catalogue: the articles' and softmax, then those beyond the articles with libtorch's defaults.</summary>
    public static IReadOnlyList<Activation> All { get; } = new[] { Sigmoid, Tanh, Relu, Identity, Softmax, Gelu, GeluTanh, Silu, Softplus(), LeakyRelu(), Elu() };

    /// <summary>The activations a hidden layer can have: the elementwise ones.</summary>
    public static IReadOnlyList<Activation> Hidden { get; } = All.Where(a => a.IsElementwise).ToArray();

    /// <summary>
    /// Lower-case name: sigmoid, tanh, relu, identity, softmax, gelu, gelu-tanh, silu, softplus, leaky-relu or elu, with
    /// its numbers where they are not libtorch's defaults (<c>leaky-relu(0.2)</c>).
    /// </summary>
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

    /// <summary>
    /// Finds an activation by name (case-insensitive: sigmoid, tanh, relu, identity, softmax, gelu, gelu-tanh, silu,
    /// softplus, leaky-relu, elu), or makes one with numbers: <c>softplus(β)</c>, <c>softplus(β,threshold)</c>,
    /// <c>leaky-relu(slope)</c>, <c>elu(α)</c> (invariant numbers, spaces allowed), as <see cref="Name"/> writes them.
    /// </summary>
    public static Activation Parse(string name)
    {
        foreach (var activation in All)
            if (string.Equals(activation.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
                return activation;
        if (name is not null && ParameterisedName.TryParse(name, out var baseName, out var numbers) && numbers.Length > 0)
        {
            switch (baseName.ToLowerInvariant(), numbers.Length)
            {
                case ("softplus", 1 or 2): return Softplus(numbers[0], numbers.Length > 1 ? numbers[1] : 20);
                case ("leaky-relu", 1): return LeakyRelu(numbers[0]);
                case ("elu", 1): return Elu(numbers[0]);
            }
        }
        throw new SigmoidTorchException($"unknown activation '{name}': expected one of {string.Join(", ", All.Select(a => a.Name))} "
                                        + "(or with numbers: softplus(β), softplus(β,threshold), leaky-relu(slope), elu(α))");
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private InvalidOperationException NotElementwise() =>
        new($"{Name} couples the units of its layer: it has no elementwise derivative (use Backward)");
}

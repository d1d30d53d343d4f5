using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace SigmoidTorch.Functions;

/// <summary>
/// A loss L(Ŷ, Y) over a batch of m rows, with its derivative. The squared errors the articles use — mean squared
/// error, sum of squared errors, half the sum (whose derivative is the plain error Ŷ − Y that seeds 000, 001 and 003
/// step along) and Nielsen's quadratic cost (half the squared error, averaged over the rows) — take the prediction Ŷ
/// and give ∂L/∂Ŷ. The two cross-entropies are written together with the output activation they belong to (binary
/// cross-entropy with a sigmoid, categorical cross-entropy with a softmax): they take the output layer's logits Z
/// (Ŷ = g(Z)), are computed from Z without ever taking log(0), and give ∂L/∂Z directly, which is simply (Ŷ − Y)/m.
/// <para>
/// Why so simple: for one sigmoid unit, ∂L/∂ŷ = (ŷ − y)/(ŷ(1 − ŷ)) — the 1/ŷ and 1/(1 − ŷ) of the logarithms — and
/// σ'(z) = ŷ(1 − ŷ), so the chain rule ∂L/∂z = ∂L/∂ŷ·σ'(z) cancels both and leaves ŷ − y. For a softmax layer,
/// ∂L/∂ŷᵢ = −yᵢ/ŷᵢ, and the softmax Jacobian ∂ŷᵢ/∂zⱼ = ŷᵢ(δᵢⱼ − ŷⱼ) cancels the 1/ŷᵢ again:
/// ∂L/∂zⱼ = −yⱼ + ŷⱼ·Σᵢ yᵢ = ŷⱼ − yⱼ, since a one-hot target sums to 1. No small σ'(z) slows the learning of a
/// saturated wrong output down (Nielsen, chapter 3), and no division by a tiny ŷ can overflow.
/// </para>
/// <para>
/// Beyond the articles: Huber's loss (libtorch's <c>huber_loss</c>, quadratic near the target and linear beyond δ, so
/// an outlier pulls with at most δ) and the binary cross-entropy on logits averaged over every element, as
/// <c>BCEWithLogitsLoss</c> (<c>bce-logits</c>; <c>bce</c> sums over the outputs and averages over the rows, as Nielsen).
/// </para>
/// </summary>
public sealed class Loss
{
    private readonly Func<Tensor, Tensor, Tensor> value;
    private readonly Func<Tensor, Tensor, Tensor> gradient;
    private readonly Func<long, long, double>? scale;

    // The losses made with numbers, by name: one object per function, so that == compares them as it does the others.
    private static readonly ConcurrentDictionary<string, Loss> WithNumbers = new(StringComparer.Ordinal);

    private Loss(string name, string formula, Activation? output, Func<Tensor, Tensor, Tensor> value, Func<Tensor, Tensor, Tensor> gradient,
                 Func<long, long, double>? scale)
    {
        Name = name;
        Formula = formula;
        Output = output;
        this.value = value;
        this.gradient = gradient;
        this.scale = scale;
    }

    /// <summary>L = mean((Ŷ−Y)²); ∂L/∂Ŷ = 2(Ŷ−Y)/n, n the number of elements.</summary>
    public static Loss MeanSquared { get; } = new("mse", "L = mean((Ŷ−Y)²); ∂L/∂Ŷ = 2(Ŷ−Y)/n", null,
        (yhat, y) => (yhat - y).Squared().mean(),
        (yhat, y) => (yhat - y).Times(2.0 / yhat.numel()),
        (rows, columns) => 1.0 / (rows * columns));

    /// <summary>L = Σ(Ŷ−Y)²; ∂L/∂Ŷ = 2(Ŷ−Y). Seed 004's squared-error cost.</summary>
    public static Loss SumSquared { get; } = new("sse", "L = Σ(Ŷ−Y)²; ∂L/∂Ŷ = 2(Ŷ−Y)", null,
        (yhat, y) => (yhat - y).Squared().sum(),
        (yhat, y) => (yhat - y).Times(2.0),
        (_, _) => 1);

    /// <summary>L = ½Σ(Ŷ−Y)²; ∂L/∂Ŷ = Ŷ−Y. The gradient that seeds 000, 001 and 003 follow.</summary>
    public static Loss HalfSumSquared { get; } = new("half-sse", "L = ½Σ(Ŷ−Y)²; ∂L/∂Ŷ = Ŷ−Y", null,
        (yhat, y) => (yhat - y).Squared().sum().Times(0.5),
        (yhat, y) => yhat - y,
        (_, _) => 0.5);

    /// <summary>
    /// Nielsen's quadratic cost: L = (1/m)·Σₓ ½‖ŷ−y‖² over the m rows of the batch, ∂L/∂Ŷ = (Ŷ−Y)/m; gradient descent on it
    /// is network.py's w −= (η/m)·Σₓ ∂Cₓ/∂w.
    /// </summary>
    public static Loss Quadratic { get; } = new("quadratic", "L = (1/m)·Σ ½(Ŷ−Y)² over the m rows; ∂L/∂Ŷ = (Ŷ−Y)/m", null,
        (yhat, y) => (yhat - y).Squared().sum().Times(0.5 / yhat.shape[0]),
        (yhat, y) => (yhat - y).Over(yhat.shape[0]),
        (rows, _) => 0.5 / rows);

    /// <summary>
    /// Binary cross-entropy on a sigmoid output ŷ = σ(z), summed over the outputs and averaged over the m rows (Nielsen's
    /// chapter 3 cost): L = −(1/m)·Σ[y·log ŷ + (1−y)·log(1−ŷ)]. It takes the logits Z: since log σ(z) = −softplus(−z) and
    /// log(1−σ(z)) = −softplus(z), L = (1/m)·Σ[softplus(z) − y·z], with softplus(z) = max(z, 0) + log(1 + e^−|z|), which
    /// never overflows or takes log(0). ∂L/∂Z = (Ŷ−Y)/m.
    /// </summary>
    public static Loss BinaryCrossEntropy { get; } = new("bce", "L = −(1/m)·Σ[y·log ŷ + (1−y)·log(1−ŷ)], ŷ = σ(z), computed as (1/m)·Σ[softplus(z) − y·z]; ∂L/∂z = (ŷ−y)/m",
        Activation.Sigmoid,
        (z, y) => (z.AtLeast(0).Plus(z.abs().neg().exp().log1p()) - y * z).sum().Over(z.shape[0]),  // softplus(z) − y·z, stably
        (z, y) => (z.sigmoid() - y).Over(z.shape[0]),                                              // (σ(z) − y)/m
        null);

    /// <summary>
    /// Categorical cross-entropy on a softmax output ŷ = softmax(z), averaged over the m rows: L = −(1/m)·Σ y·log ŷ, for
    /// targets whose rows are probabilities (one-hot labels). It takes the logits Z and uses log ŷ = z − log Σⱼ e^zⱼ
    /// (log-softmax, the largest z subtracted first), so no e^z overflows and no log(0) is taken. ∂L/∂Z = (Ŷ−Y)/m.
    /// </summary>
    public static Loss SoftmaxCrossEntropy { get; } = new("softmax-ce", "L = −(1/m)·Σ y·log ŷ, ŷ = softmax(z), computed with log-softmax; ∂L/∂z = (ŷ−y)/m",
        Activation.Softmax,
        (z, y) => (-(y * z.log_softmax(1)).sum()).Over(z.shape[0]),                              // −Σ y·(z − log Σⱼ e^zⱼ)
        (z, y) => (z.softmax(1) - y).Over(z.shape[0]),                                             // (softmax(z) − y)/m
        null);

    /// <summary>
    /// Binary cross-entropy on a sigmoid output ŷ = σ(z), averaged over all n elements, as libtorch's
    /// <c>BCEWithLogitsLoss</c> (mean reduction): L = (1/n)·Σ[max(z, 0) − z·y + log(1 + e^−|z|)], the stable form of
    /// −(1/n)·Σ[y·log ŷ + (1−y)·log(1−ŷ)] (max(z, 0) + log(1 + e^−|z|) = softplus(z) = −log(1 − σ(z)), and no e^z
    /// overflows). ∂L/∂Z = (Ŷ−Y)/n. It is <see cref="BinaryCrossEntropy"/> divided by the number of outputs.
    /// </summary>
    public static Loss BinaryCrossEntropyWithLogits { get; } = new("bce-logits", "L = (1/n)·Σ[max(z, 0) − z·y + log(1 + e^−|z|)] over the n elements; ∂L/∂z = (σ(z)−y)/n",
        Activation.Sigmoid,
        (z, y) => (z.AtLeast(0) - z * y).Plus(z.abs().neg().exp().log1p()).mean(),                // mean of max(z, 0) − z·y + log(1 + e^−|z|)
        (z, y) => (z.sigmoid() - y).Over(z.numel()),                                              // ∂L/∂z = (σ(z) − y)/n
        null);

    /// <summary>
    /// Huber's loss with threshold δ, averaged over the n elements, as libtorch's <c>huber_loss</c> (mean reduction): for
    /// each d = ŷ − y, ½d² where |d| &lt; δ and δ(|d| − ½δ) beyond; ∂L/∂ŷ = clamp(d, −δ, δ)/n, so no error pulls with
    /// more than δ/n. It is δ times smooth L1 with β = δ (smooth_l1 = ½d²/β, |d| − ½β): huber(δ) = δ·smooth_l1(β = δ), and
    /// the two are one at δ = 1. Not a multiple of the squared error: the fused and stacked steps do not compute it.
    /// δ = 1 (libtorch's default) is the catalogue's <c>huber</c>, another δ <c>huber(δ)</c>.
    /// </summary>
    /// <param name="delta">δ &gt; 0 (finite).</param>
    public static Loss Huber(double delta = 1)
    {
        ParameterisedName.Check("Huber's δ", delta, positive: true);
        return WithNumbers.GetOrAdd(ParameterisedName.Format("huber", [delta], [1]), name => new(name,
            "L = mean of ½d² where |d| < δ, δ(|d| − ½δ) elsewhere, d = Ŷ−Y; ∂L/∂Ŷ = clamp(d, −δ, δ)/n", null,
            (yhat, y) => HuberOf(yhat, y, delta), (yhat, y) => HuberGradient(yhat, y, delta), null));
    }

    private static Tensor HuberOf(Tensor yhat, Tensor y, double delta)
    {
        var d = yhat - y;                                                                         // d = ŷ − y
        var quadratic = d.Squared().Times(0.5);                                                   // ½d²
        var linear = d.abs().Minus(0.5 * delta).Times(delta);                                     // δ(|d| − ½δ)
        return where(d.abs().LessThan(delta), quadratic, linear).mean();                          // L = mean: ½d² where |d| < δ, else δ(|d| − ½δ)
    }

    private static Tensor HuberGradient(Tensor yhat, Tensor y, double delta) =>
        (yhat - y).AtLeast(-delta).AtMost(delta).Over(yhat.numel());                              // ∂L/∂ŷ = clamp(ŷ − y, −δ, δ)/n

    /// <summary>Every loss in the catalogue (Huber's with δ = 1).</summary>
    public static IReadOnlyList<Loss> All { get; } = new[] { MeanSquared, SumSquared, HalfSumSquared, Quadratic, BinaryCrossEntropy, SoftmaxCrossEntropy, BinaryCrossEntropyWithLogits, Huber() };

    /// <summary>The squared errors of the catalogue (<see cref="IsSquaredError"/>): the losses the fused step and the sweeps compute.</summary>
    public static IReadOnlyList<Loss> SquaredErrors { get; } = All.Where(l => l.IsSquaredError).ToArray();

    /// <summary>Short name: mse, sse, half-sse, quadratic, bce, softmax-ce, bce-logits or huber (<c>huber(δ)</c> for δ ≠ 1).</summary>
    public string Name { get; }

    /// <summary>The loss and its derivative, for printing.</summary>
    public string Formula { get; }

    /// <summary>
    /// The output activation this loss is written together with (sigmoid for bce, softmax for softmax-ce): it then takes
    /// the logits Z rather than Ŷ, and its <see cref="Gradient"/> is ∂L/∂Z. Null for the squared errors, which take Ŷ.
    /// </summary>
    public Activation? Output { get; }

    /// <summary>Whether <see cref="Value(Tensor, Tensor)"/> and <see cref="Gradient"/> take the logits Z (see <see cref="Output"/>).</summary>
    public bool TakesLogits => Output is not null;

    /// <summary>Whether L is a multiple of Σ(Ŷ−Y)² (<see cref="SquaredErrorScale"/>): what the fused and stacked steps compute.</summary>
    public bool IsSquaredError => scale is not null;

    /// <summary>
    /// L as a 0-dimensional tensor (differentiable: autograd can run through it), of the prediction Ŷ, or of the logits Z
    /// for a loss that <see cref="TakesLogits"/>.
    /// </summary>
    public Tensor Value(Tensor prediction, Tensor target) => value(prediction, target);

    /// <summary>L of an output layer whose logits are <paramref name="logits"/> and output <paramref name="prediction"/> = g(Z): from whichever the loss takes.</summary>
    public Tensor Value(Tensor logits, Tensor prediction, Tensor target) => value(TakesLogits ? logits : prediction, target);

    /// <summary>∂L/∂Ŷ, the same shape as Ŷ; for a loss that <see cref="TakesLogits"/>, ∂L/∂Z of the logits given.</summary>
    public Tensor Gradient(Tensor prediction, Tensor target) => gradient(prediction, target);

    /// <summary>
    /// s such that L = s·Σ(Ŷ−Y)² and ∂L/∂Ŷ = 2s·(Ŷ−Y) for a batch of <paramref name="rows"/> × <paramref name="columns"/>:
    /// 1/n, 1, ½ or ½/m. The fused and stacked steps use it; a test holds it to <see cref="Value(Tensor, Tensor)"/> and <see cref="Gradient"/>.
    /// </summary>
    public double SquaredErrorScale(long rows, long columns) => scale is { } s ? s(rows, columns)
        : throw new InvalidOperationException($"{Name} is not a multiple of the squared error");

    /// <summary>
    /// Throws a one-line <see cref="SigmoidTorchException"/> when <paramref name="target"/> is no target of this loss:
    /// binary cross-entropy needs every target in [0, 1], categorical cross-entropy rows of probabilities (each at least
    /// 0, summing to 1 within 1e-6, as one-hot labels do). The squared errors take any finite target.
    /// </summary>
    public void CheckTargets(Tensor target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Output is null) return;
        using var scope = NewDisposeScope();
        var y = target.detach().to(ScalarType.Float64).cpu();
        if (y.LessThan(0).any().item<bool>() || (Output == Activation.Sigmoid && y.GreaterThan(1).any().item<bool>()))
        {
            long row = (y.LessThan(0) | y.GreaterThan(1)).nonzero()[0, 0].item<long>();
            throw new SigmoidTorchException($"the loss {Name} needs targets in [0, 1]; row {row} holds {Row(y, row)}");
        }
        if (Output == Activation.Softmax)
        {
            var sums = y.sum(dim: 1);
            var bad = sums.Minus(1).abs().GreaterThan(1e-6).nonzero();
            if (bad.shape[0] > 0)
            {
                long row = bad[0, 0].item<long>();
                throw new SigmoidTorchException($"the loss {Name} needs each target row to be probabilities summing to 1 (one-hot labels); row {row} sums to {sums[row].item<double>():G6}");
            }
        }
    }

    private static string Row(Tensor y, long row) =>
        "[" + string.Join(", ", y[row].data<double>().ToArray().Take(12).Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))) + (y.shape[1] > 12 ? ", …" : "") + "]";

    /// <summary>Finds a loss by name (case-insensitive: mse, sse, half-sse, quadratic, bce, softmax-ce, bce-logits, huber), or <c>huber(δ)</c>.</summary>
    public static Loss Parse(string name)
    {
        foreach (var loss in All)
            if (string.Equals(loss.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
                return loss;
        if (name is not null && ParameterisedName.TryParse(name, out var baseName, out var numbers) && numbers.Length == 1
            && string.Equals(baseName, "huber", StringComparison.OrdinalIgnoreCase))
            return Huber(numbers[0]);
        throw new SigmoidTorchException($"unknown loss '{name}': expected one of {string.Join(", ", All.Select(l => l.Name))} (or huber(δ))");
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

using static TorchSharp.torch;

namespace SigmoidTorch.Functions;

/// <summary>
/// A loss L(Ŷ, Y) over a batch, with its derivative ∂L/∂Ŷ. The three the articles use:
/// mean squared error, sum of squared errors, and half the sum of squared errors (whose derivative is
/// the plain error Ŷ − Y that seeds 000, 001 and 003 step along).
/// </summary>
public sealed class Loss
{
    private readonly Func<Tensor, Tensor, Tensor> value;
    private readonly Func<Tensor, Tensor, Tensor> gradient;
    private readonly Func<long, double> scale;

    private Loss(string name, string formula, Func<Tensor, Tensor, Tensor> value, Func<Tensor, Tensor, Tensor> gradient, Func<long, double> scale)
    {
        Name = name;
        Formula = formula;
        this.value = value;
        this.gradient = gradient;
        this.scale = scale;
    }

    /// <summary>L = mean((Ŷ−Y)²); ∂L/∂Ŷ = 2(Ŷ−Y)/n, n the number of elements.</summary>
    public static Loss MeanSquared { get; } = new("mse", "L = mean((Ŷ−Y)²); ∂L/∂Ŷ = 2(Ŷ−Y)/n",
        (yhat, y) => (yhat - y).square().mean(),
        (yhat, y) => (yhat - y) * (2.0 / yhat.numel()),
        n => 1.0 / n);

    /// <summary>L = Σ(Ŷ−Y)²; ∂L/∂Ŷ = 2(Ŷ−Y). Seed 004's squared-error cost.</summary>
    public static Loss SumSquared { get; } = new("sse", "L = Σ(Ŷ−Y)²; ∂L/∂Ŷ = 2(Ŷ−Y)",
        (yhat, y) => (yhat - y).square().sum(),
        (yhat, y) => (yhat - y) * 2.0,
        _ => 1);

    /// <summary>L = ½Σ(Ŷ−Y)²; ∂L/∂Ŷ = Ŷ−Y. The gradient that seeds 000, 001 and 003 follow.</summary>
    public static Loss HalfSumSquared { get; } = new("half-sse", "L = ½Σ(Ŷ−Y)²; ∂L/∂Ŷ = Ŷ−Y",
        (yhat, y) => (yhat - y).square().sum() * 0.5,
        (yhat, y) => yhat - y,
        _ => 0.5);

    /// <summary>Every loss in the catalogue.</summary>
    public static IReadOnlyList<Loss> All { get; } = new[] { MeanSquared, SumSquared, HalfSumSquared };

    /// <summary>Short name: mse, sse or half-sse.</summary>
    public string Name { get; }

    /// <summary>The loss and its derivative, for printing.</summary>
    public string Formula { get; }

    /// <summary>L(Ŷ, Y) as a 0-dimensional tensor (differentiable: autograd can run through it).</summary>
    public Tensor Value(Tensor prediction, Tensor target) => value(prediction, target);

    /// <summary>∂L/∂Ŷ, the same shape as Ŷ.</summary>
    public Tensor Gradient(Tensor prediction, Tensor target) => gradient(prediction, target);

    /// <summary>
    /// s such that L = s·Σ(Ŷ−Y)² and ∂L/∂Ŷ = 2s·(Ŷ−Y) over <paramref name="count"/> elements: 1/n, 1 or ½.
    /// The fused and stacked steps use it; a test holds it to <see cref="Value"/> and <see cref="Gradient"/>.
    /// </summary>
    public double SquaredErrorScale(long count) => scale(count);

    /// <summary>Finds a loss by name (case-insensitive: mse, sse, half-sse).</summary>
    public static Loss Parse(string name)
    {
        foreach (var loss in All)
            if (string.Equals(loss.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
                return loss;
        throw new SigmoidTorchException($"unknown loss '{name}': expected one of {string.Join(", ", All.Select(l => l.Name))}");
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

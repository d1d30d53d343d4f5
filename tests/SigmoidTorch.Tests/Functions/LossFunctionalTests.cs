using SigmoidTorch.Functions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Functions;

/// <summary>
/// The losses beyond the articles against libtorch's own functions: Huber's loss against nn.functional.huber_loss (and
/// its relation to smooth L1), the binary cross-entropy on logits against binary_cross_entropy_with_logits — values and
/// the hand-written gradients against autograd through libtorch's function, float64 and float32.
/// </summary>
public class LossFunctionalTests
{
    // Predictions and targets whose differences d = ŷ − y cover both sides of δ, with rows at exactly ±δ and 0 (where
    // huber_loss switches from ½d² to δ(|d| − ½δ)) and far beyond it.
    private static (Tensor Yhat, Tensor Y) HuberPair(double delta)
    {
        using var gen = new Generator(21);
        var yhat = rand(new long[] { 8, 3 }, dtype: ScalarType.Float64, generator: gen).Times(8 * delta).Minus(4 * delta);
        var y = rand(new long[] { 8, 3 }, dtype: ScalarType.Float64, generator: gen);
        var edges = tensor(new[] { delta, -delta, 0, 1000 * delta, -1000 * delta, Math.BitIncrement(delta) }, dtype: ScalarType.Float64).reshape(2, 3);
        return (cat(new[] { yhat, edges }), cat(new[] { y, zeros(2, 3, dtype: ScalarType.Float64) }));
    }

    // Logits from −6 to 6, and ±30, ±1000 and 0 (σ(1000) = 1 exactly, e^1000 overflows), with targets in [0, 1], 0 and 1 among them.
    private static (Tensor Z, Tensor Y) LogitPair()
    {
        using var gen = new Generator(22);
        var z = cat(new[] { rand(new long[] { 8, 3 }, dtype: ScalarType.Float64, generator: gen).Times(12).Minus(6),
                            tensor(new double[,] { { 30, -30, 0 }, { 1000, -1000, 1e-9 } }) });
        var y = cat(new[] { rand(new long[] { 8, 3 }, dtype: ScalarType.Float64, generator: gen), tensor(new double[,] { { 0, 1, 0.5 }, { 0, 0, 1 } }) });
        return (z, y);
    }

    public static TheoryData<double, string> Deltas => new() { { 1, "float64" }, { 0.5, "float64" }, { 2.5, "float64" }, { 1, "float32" }, { 0.5, "float32" } };

    [Theory, MemberData(nameof(Deltas))]
    public void HuberIsLibtorchsHuberLoss(double delta, string dtype)
    {
        using var scope = NewDisposeScope();
        var type = dtype == "float64" ? ScalarType.Float64 : ScalarType.Float32;
        var (yhat, y) = HuberPair(delta);
        (yhat, y) = (yhat.to(type), y.to(type));
        var loss = Loss.Huber(delta);
        Assert.Equal(delta == 1 ? "huber" : $"huber({delta.ToString(System.Globalization.CultureInfo.InvariantCulture)})", loss.Name);
        var input = yhat.clone().requires_grad_();
        var reference = nn.functional.huber_loss(input, y, delta);
        var gradient = torch.autograd.grad(new[] { reference }, new[] { input })[0];
        AssertClose($"huber({delta}) {dtype}", loss.Value(yhat, y), reference.detach(), loss.Gradient(yhat, y), gradient, type);
    }

    /// <summary>huber(δ) = δ·smooth_l1(β = δ): ½d² = δ·(½d²/δ) near the target, δ(|d| − ½δ) beyond; one and the same at δ = 1.</summary>
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(2.5)]
    public void HuberIsDeltaTimesSmoothL1(double delta)
    {
        using var scope = NewDisposeScope();
        var (yhat, y) = HuberPair(delta);
        double smoothL1 = nn.functional.smooth_l1_loss(yhat, y, beta: delta).item<double>();
        double huber = Loss.Huber(delta).Value(yhat, y).item<double>();
        Assert.True(Math.Abs(huber - delta * smoothL1) <= 1e-13 * Math.Abs(huber), $"huber {huber:R} vs δ·smooth_l1 {delta * smoothL1:R}");
    }

    [Theory]
    [InlineData("float64")]
    [InlineData("float32")]
    public void BceLogitsIsLibtorchsBinaryCrossEntropyWithLogits(string dtype)
    {
        using var scope = NewDisposeScope();
        var type = dtype == "float64" ? ScalarType.Float64 : ScalarType.Float32;
        var (z, y) = LogitPair();
        (z, y) = (z.to(type), y.to(type));
        var loss = Loss.BinaryCrossEntropyWithLogits;
        var input = z.clone().requires_grad_();
        var reference = nn.functional.binary_cross_entropy_with_logits(input, y);
        var gradient = torch.autograd.grad(new[] { reference }, new[] { input })[0];
        AssertClose($"bce-logits {dtype}", loss.Value(z, y), reference.detach(), loss.Gradient(z, y), gradient, type);
    }

    /// <summary>bce-logits is the mean over every element; bce (Nielsen's) sums over the outputs: they differ by the number of outputs.</summary>
    [Fact]
    public void BceLogitsIsBceOverTheOutputs()
    {
        using var scope = NewDisposeScope();
        var (z, y) = LogitPair();
        double bce = Loss.BinaryCrossEntropy.Value(z, y).item<double>(), mean = Loss.BinaryCrossEntropyWithLogits.Value(z, y).item<double>();
        Assert.True(Math.Abs(bce / 3 - mean) <= 1e-14 * mean, $"bce/3 = {bce / 3:R}, bce-logits {mean:R}");
        Assert.True(Loss.BinaryCrossEntropy.Gradient(z, y).Over(3).allclose(Loss.BinaryCrossEntropyWithLogits.Gradient(z, y), rtol: 1e-15, atol: 0));
    }

    [Theory]
    [InlineData("huber(0)", "Huber's δ must be a finite number above 0, got 0")]
    [InlineData("huber(-2)", "Huber's δ must be a finite number above 0, got -2")]
    [InlineData("huber(1,2)", "unknown loss 'huber(1,2)'")]
    [InlineData("mse(2)", "unknown loss 'mse(2)'")]
    public void BadDeltasAreOneLineErrors(string name, string message) =>
        Assert.Contains(message, Assert.Throws<SigmoidTorchException>(() => Loss.Parse(name)).Message);

    [Fact]
    public void HuberRoundTripsThroughItsName()
    {
        Assert.Same(Loss.Huber(), Loss.Parse("huber"));
        Assert.Same(Loss.Huber(), Loss.Parse("huber(1)"));
        Assert.Same(Loss.Huber(0.25), Loss.Parse("HUBER( 0.25 )"));
        Assert.Equal("huber(0.25)", Loss.Huber(0.25).Name);
        Assert.False(Loss.Huber().IsSquaredError);
        Assert.False(Loss.Huber().TakesLogits);
        Assert.Same(Activation.Sigmoid, Loss.BinaryCrossEntropyWithLogits.Output);
    }

    // float64: a mean of a few dozen terms, each a few roundings: 1e-13 relative for the value, 1e-13 of the largest entry
    // for the gradient (its entries are ≤ δ/n or 1/n). float32: the same count of roundings of ε = 1.2e-7, and libtorch sums
    // in another order: 1e-5 relative, 1e-6 of the largest entry.
    private static void AssertClose(string what, Tensor value, Tensor referenceValue, Tensor gradient, Tensor referenceGradient, ScalarType type)
    {
        double relative = type == ScalarType.Float64 ? 1e-13 : 1e-5, ofLargest = type == ScalarType.Float64 ? 1e-13 : 1e-6;
        double v = value.to(ScalarType.Float64).item<double>(), r = referenceValue.to(ScalarType.Float64).item<double>();
        Assert.True(double.IsFinite(v) && Math.Abs(v - r) <= relative * Math.Abs(r), $"{what}: L = {v:R}, libtorch {r:R}");
        var (g, rg) = (gradient.to(ScalarType.Float64), referenceGradient.to(ScalarType.Float64));
        double largest = rg.abs().max().item<double>(), error = (g - rg).abs().max().item<double>();
        Assert.True(error <= ofLargest * largest, $"{what}: max |∂L manual − autograd| = {error:E3} of a largest {largest:E3}");
    }
}

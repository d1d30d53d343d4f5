using SigmoidTorch.Functions;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Functions;

/// <summary>
/// Each activation's hand-written derivative against libtorch's autograd, in float64: f'(z) from the input, the
/// articles' f' from the output where the activation has one, and softmax's Jacobian product.
/// </summary>
public class ActivationCatalogueTests
{
    public static TheoryData<string> Elementwise => new(Activation.Hidden.Select(a => a.Name));

    public static TheoryData<string> WithOutputForm => new(Activation.All.Where(a => a.HasOutputForm).Select(a => a.Name));

    // z over (−6, 6), none within 1e-3 of 0, where ReLU has no derivative.
    private static Tensor Inputs()
    {
        using var gen = new Generator(11);
        var z = rand(new long[] { 64, 5 }, dtype: ScalarType.Float64, generator: gen).Times(12).Minus(6);
        return where(z.abs().LessThan(1e-3), z.Plus(0.01), z);
    }

    /// <summary>f'(z) is the derivative autograd takes of f at z, to 1e-13 relative (a few roundings of float64).</summary>
    [Theory, MemberData(nameof(Elementwise))]
    public void DerivativeOfTheInputIsAutogradsDerivative(string name)
    {
        using var scope = NewDisposeScope();
        var f = Activation.Parse(name);
        var z = Inputs().requires_grad_();
        var a = f.Apply(z);
        var autograd = autograd_grad(a, z, ones_like(a));
        var manual = f.Derivative(z.detach());
        double error = (manual - autograd).abs().max().item<double>();
        Assert.True(error <= 1e-13 * Math.Max(1, autograd.abs().max().item<double>()), $"{name}: max |f'(z) − autograd| = {error:e3}");
    }

    /// <summary>Where the articles write f' from the output a = f(z), it is f'(z): the two forms agree to rounding.</summary>
    [Theory, MemberData(nameof(WithOutputForm))]
    public void DerivativeOfTheOutputIsTheDerivativeOfTheInput(string name)
    {
        using var scope = NewDisposeScope();
        var f = Activation.Parse(name);
        var z = Inputs();
        var fromOutput = f.DerivativeFromOutput(f.Apply(z));
        Assert.True((fromOutput - f.Derivative(z)).abs().max().item<double>() <= 1e-15, $"{name}: f'(a) and f'(z) differ");
        Assert.True(f.Derivative(z, f.Apply(z)).eq(fromOutput).all().item<bool>(), $"{name}: Derivative(z, a) does not take the articles' form");
    }

    /// <summary>Backward gives ∂L/∂z = ∂L/∂a ⊙ f'(z) for an elementwise activation and softmax's Jacobian product, both as autograd.</summary>
    [Theory, MemberData(nameof(AllNames))]
    public void BackwardIsAutogradsVectorJacobianProduct(string name)
    {
        using var scope = NewDisposeScope();
        var f = Activation.Parse(name);
        using var gen = new Generator(12);
        var dL_da = randn(new long[] { 64, 5 }, dtype: ScalarType.Float64, generator: gen);
        var z = Inputs().requires_grad_();
        var a = f.Apply(z);
        var autograd = autograd_grad(a, z, dL_da);
        var manual = f.Backward(z.detach(), a.detach(), dL_da);
        double error = (manual - autograd).abs().max().item<double>();
        Assert.True(error <= 1e-13 * Math.Max(1, autograd.abs().max().item<double>()), $"{name}: max |Backward − autograd| = {error:e3}");
    }

    public static TheoryData<string> AllNames => new(Activation.All.Select(a => a.Name));

    [Fact]
    public void SoftmaxHasNoElementwiseDerivative()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<InvalidOperationException>(() => Activation.Softmax.Derivative(zeros(2, 2)));
        Assert.Contains("softmax couples the units of its layer", e.Message);
        Assert.DoesNotContain(Activation.Softmax, Activation.Hidden);
    }

    /// <summary>Min is the lower end of f's range: no f(z) below it, and (where it is finite) f comes within 1e-3 of it.</summary>
    [Theory, MemberData(nameof(Elementwise))]
    public void MinIsTheLowerEndOfTheOutputs(string name)
    {
        using var scope = NewDisposeScope();
        var f = Activation.Parse(name);
        double lowest = f.Apply(linspace(-10, 10, 200_001, dtype: ScalarType.Float64)).min().item<double>();
        Assert.True(lowest >= f.Min, $"{name}: f reaches {lowest:R}, below Min = {f.Min}");
        if (double.IsFinite(f.Min)) Assert.True(lowest - f.Min <= 1e-3, $"{name}: f's lowest value {lowest:R} is far above Min = {f.Min}");
    }

    /// <summary>With libtorch's defaults a factory gives the catalogue's entry; other numbers are carried by the name, which reads back as the same object.</summary>
    [Theory]
    [InlineData("leaky-relu", "leaky-relu(0.2)")]
    [InlineData("elu", "elu(0.5)")]
    [InlineData("softplus", "softplus(2)")]
    [InlineData("softplus", "softplus(1,10)")]
    [InlineData("softplus", "softplus(0.5,30)")]
    public void NumbersRoundTripThroughTheName(string plain, string withNumbers)
    {
        var f = Activation.Parse(withNumbers);
        Assert.Equal(withNumbers, f.Name);
        Assert.Same(f, Activation.Parse(f.Name));
        Assert.Same(f, Activation.Parse(withNumbers.ToUpperInvariant().Replace(",", " , ", StringComparison.Ordinal).Replace("(", " ( ", StringComparison.Ordinal)));
        Assert.DoesNotContain(f, Activation.All);
        Assert.Same(Activation.Parse(plain), plain switch
        {
            "leaky-relu" => Activation.LeakyRelu(0.01),
            "elu" => Activation.Elu(1),
            _ => Activation.Softplus(1, 20),
        });
        Assert.Contains(Activation.Parse(plain), Activation.Hidden);
        Assert.Same(Activation.Parse(plain), Activation.Parse($"{plain}(" + (plain == "leaky-relu" ? "0.01" : "1") + ")"));
    }

    [Theory]
    [InlineData("softplus(0)", "softplus's β must be a finite number above 0, got 0")]
    [InlineData("softplus(-1)", "softplus's β must be a finite number above 0, got -1")]
    [InlineData("softplus(1,Infinity)", "softplus's threshold must be a finite number, got Infinity")]
    [InlineData("elu(0)", "ELU's α must be a finite number above 0, got 0")]
    [InlineData("leaky-relu(NaN)", "leaky ReLU's slope must be a finite number, got NaN")]
    [InlineData("leaky-relu(0.1,2)", "unknown activation 'leaky-relu(0.1,2)'")]
    [InlineData("gelu(1)", "unknown activation 'gelu(1)'")]
    [InlineData("elu(x)", "unknown activation 'elu(x)'")]
    [InlineData("elu(1", "unknown activation 'elu(1'")]
    public void BadNumbersAreOneLineErrors(string name, string message)
    {
        var e = Assert.Throws<SigmoidTorchException>(() => Activation.Parse(name));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static Tensor autograd_grad(Tensor output, Tensor input, Tensor gradOutput) =>
        TorchSharp.torch.autograd.grad(new[] { output }, new[] { input }, new[] { gradOutput })[0];
}

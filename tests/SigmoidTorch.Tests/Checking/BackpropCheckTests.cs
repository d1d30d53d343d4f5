using SigmoidTorch.Checking;
using SigmoidTorch.Functions;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Checking;

/// <summary>
/// The checker on a layer of the kind a user writes (not one of the library's models), with its right backward and
/// with the typical mistakes: each mistake is caught and the report names the tensor and the element.
/// </summary>
public class BackpropCheckTests
{
    /// <summary>Y = tanh(X·Wᵀ + b): a user's module.</summary>
    internal sealed class AffineTanh : nn.Module<Tensor, Tensor>
    {
        public readonly Linear linear;

        public AffineTanh(int inputs, int outputs, ScalarType dtype) : base(nameof(AffineTanh))
        {
            linear = nn.Linear(inputs, outputs, dtype: dtype);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => linear.forward(x).tanh();
    }

    internal static Tensor Mse(Tensor yhat, Tensor y) => nn.functional.mse_loss(yhat, y);

    public enum Mistake { None, FactorTwo, Transposed, OneElement, NoBatchSum, WrongShape }

    /// <summary>The user's backward of mse(tanh(X·Wᵀ + b), T), right or with one mistake.</summary>
    internal static Dictionary<string, Tensor> Backward(AffineTanh m, Tensor x, Tensor t, Mistake mistake)
    {
        using var noGrad = no_grad();
        var y = m.forward(x);
        var dL_dY = (y - t).Times(2.0 / y.numel());                         // ∂L/∂Y = 2(Y − T)/(N·out)
        var delta = dL_dY * 1.0.Minus(y * y);                          // δ = ∂L/∂Y ⊙ (1 − Y²)
        var dW = delta.t().mm(x);                                      // ∂L/∂W = δᵀ·X
        var db = delta.sum(dim: 0);                                        // ∂L/∂b = Σₙ δ
        switch (mistake)
        {
            case Mistake.FactorTwo: dW = dW.Times(2); break;
            case Mistake.Transposed: dW = dW.t().contiguous(); break;
            case Mistake.OneElement: dW = dW.clone(); dW[1, 2] = dW[1, 2].Plus(1e-3); break;
            case Mistake.NoBatchSum: db = delta[0]; break;
            case Mistake.WrongShape: dW = x.t().mm(delta); break;
        }
        return new Dictionary<string, Tensor> { ["linear.weight"] = dW, ["linear.bias"] = db };
    }

    private static CheckReport Check(Mistake mistake, ScalarType dtype = ScalarType.Float64, int inputs = 4, int outputs = 4)
    {
        manual_seed(7);
        var m = new AffineTanh(inputs, outputs, dtype);
        var x = randn(6, inputs, dtype: dtype);
        var t = randn(6, outputs, dtype: dtype).Times(0.5);
        return BackpropCheck.Module(m, x, t, Mse, () => Backward(m, x, t, mistake));
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    public void ARightBackwardPasses(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var report = Check(Mistake.None, dtype);
        Assert.True(report.Pass, report.ToString());
        Assert.All(report.Tensors, t => Assert.True(t.AgreesWithFiniteDifferences, report.ToString()));
        Assert.Contains("PASS", report.ToString().Split('\n')[0]);
        report.ThrowIfFailed();
    }

    [Theory]
    [InlineData(Mistake.FactorTwo, "linear.weight", "twice autograd's")]
    [InlineData(Mistake.Transposed, "linear.weight", "linear.weight[")]
    [InlineData(Mistake.OneElement, "linear.weight", "linear.weight[1, 2]")]
    [InlineData(Mistake.NoBatchSum, "linear.bias", "linear.bias[")]
    public void EachTypicalMistakeIsCaughtAndItsTensorAndElementNamed(Mistake mistake, string tensor, string shown)
    {
        using var scope = NewDisposeScope();
        var report = Check(mistake);
        Assert.False(report.Pass, report.ToString());
        var failing = Assert.Single(report.Tensors, t => !t.Pass);
        Assert.Equal(tensor, failing.Name);
        Assert.False(failing.AgreesWithAutograd);
        Assert.False(failing.AgreesWithFiniteDifferences);
        var e = Assert.Throws<GradientMismatchException>(report.ThrowIfFailed);
        Assert.Contains(shown, e.Message);
        Assert.Contains("FAIL (1 of 2 tensors)", e.Message);
        // The worst element's three values are the ones the report prints: autograd's and the finite difference agree.
        var w = failing.Worst!;
        Assert.Equal(w.Autograd, w.FiniteDifference, 1e-6 * Math.Max(1, Math.Abs(w.Autograd)));
        Assert.NotEqual(w.Manual, w.Autograd);
    }

    [Fact]
    public void TheOneWrongElementIsTheWorst()
    {
        using var scope = NewDisposeScope();
        var failing = Check(Mistake.OneElement).Tensors.Single(t => t.Name == "linear.weight");
        Assert.Equal(new long[] { 1, 2 }, failing.Worst!.Index);
        Assert.Equal(failing.Worst.Autograd + 1e-3, failing.Worst.Manual, 1e-12);
    }

    [Fact]
    public void AGradientOfAnotherShapeIsNamedWithBothShapes()
    {
        using var scope = NewDisposeScope();
        var report = Check(Mistake.WrongShape, inputs: 3, outputs: 2);
        Assert.False(report.Pass);
        Assert.Contains("linear.weight: the hand-written gradient has shape [3, 2], the parameter [2, 3]", report.ToString());
    }

    [Fact]
    public void AMissingOrUnknownNameFails()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var m = new AffineTanh(2, 2, ScalarType.Float64);
        var x = randn(3, 2, dtype: ScalarType.Float64);
        var t = randn(3, 2, dtype: ScalarType.Float64);
        var report = BackpropCheck.Module(m, x, t, Mse, () => new Dictionary<string, Tensor>
        {
            ["linear.weight"] = Backward(m, x, t, Mistake.None)["linear.weight"],
            ["weight"] = zeros(2, 2, dtype: ScalarType.Float64),
        });
        Assert.False(report.Pass);
        Assert.Equal(["linear.bias"], report.Missing);
        Assert.Equal(["weight"], report.Unexpected);
        Assert.Contains("linear.bias: no hand-written gradient given", report.ToString());
    }

    [Fact]
    public void TheModuleComesBackWithItsDtypeAndWeightsBitForBit()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var m = new AffineTanh(3, 2, ScalarType.Float32);
        var before = m.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var x = randn(4, 3);
        var t = randn(4, 2);
        BackpropCheck.Module(m, x, t, Mse, () => Backward(m, x, t, Mistake.None));
        foreach (var (name, p) in m.named_parameters())
        {
            Assert.Equal(ScalarType.Float32, p.dtype);
            Assert.True(p.detach().eq(before[name]).all().item<bool>(), name);
            Assert.Null(p.grad);
        }
    }

    /// <summary>f(x, y) = tanh(x) ⊙ y, its backward written by hand: vᵀ∂f/∂x = v ⊙ (1 − tanh²x) ⊙ y, vᵀ∂f/∂y = v ⊙ tanh x.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AFunctionsVectorJacobianProductIsChecked(bool forgetY)
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var x = randn(3, 4, dtype: ScalarType.Float64);
        var y = randn(3, 4, dtype: ScalarType.Float64);
        var report = BackpropCheck.Function(a => a[0].tanh() * a[1], [x, y],
            (a, v) =>
            {
                var th = a[0].tanh();
                var dx = v * 1.0.Minus(th * th);                        // vᵀ∂f/∂x = v ⊙ (1 − tanh²x) ⊙ y
                return [forgetY ? dx : dx * a[1], v * th];              // vᵀ∂f/∂y = v ⊙ tanh x
            }, ["x", "y"]);
        Assert.Equal(!forgetY, report.Pass);
        if (forgetY)
            Assert.Equal("x", Assert.Single(report.Tensors, t => !t.Pass).Name);
    }

    /// <summary>ReLU at exactly 0 has no derivative: a backward that says 1 there differs from autograd's 0, and the report says it is at a kink.</summary>
    [Fact]
    public void AnElementAtAKinkIsSaidToBeOne()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { -1.0, 0.0, 2.0 });
        var report = BackpropCheck.Function(a => a[0].relu(), [x], (a, v) => [v * a[0].GreaterThan(-0.5).to(ScalarType.Float64)]);   // [x ≥ 0] for x in {−1, 0, 2}: 1 at the kink
        var check = Assert.Single(report.Tensors);
        Assert.False(check.Pass);
        Assert.Equal(new long[] { 1 }, check.Worst!.Index);
        Assert.True(check.Worst.AtKink);
        Assert.Contains("at a kink", report.ToString());
    }
}

using SigmoidTorch.Cli;
using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Models;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Models;

/// <summary>The network of any depth: its module, its backprop at depth 2 against the two-layer network's, and its trace.</summary>
public class DeepNetworkTests
{
    [Fact]
    public void ItIsLinearLayersWithTheHiddenActivationBetweenAndTheOutputOneLast()
    {
        using var scope = NewDisposeScope();
        using var net = new DeepNetwork([3, 4, 5, 2], Activation.Tanh, Activation.Softmax);
        Assert.Equal(new[] { "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias" },
                     net.named_parameters().Select(p => p.name));
        Assert.Equal(new long[] { 4, 3 }, net.W(1).shape);
        Assert.Equal(new long[] { 2, 5 }, net.W(3).shape);
        var x = rand(6, 3, dtype: ScalarType.Float64);
        var expected = x.mm(net.W(1).t()).Plus(net.B(1)!).tanh().mm(net.W(2).t()).Plus(net.B(2)!).tanh().mm(net.W(3).t()).Plus(net.B(3)!);
        Assert.True(net.Logits(x).allclose(expected, rtol: 1e-14, atol: 1e-15));
        Assert.True(net.forward(x).allclose(expected.softmax(1), rtol: 1e-14, atol: 1e-15));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.W(4));
    }

    [Fact]
    public void BiasFlagsAreTheHiddenLayersAndTheLastLayer()
    {
        using var net = new DeepNetwork([3, 4, 4, 2], Activation.Relu, Activation.Identity, hiddenBias: false, outputBias: true);
        Assert.Equal(new[] { "layers.0.weight", "layers.1.weight", "layers.2.weight", "layers.2.bias" }, net.named_parameters().Select(p => p.name));
        Assert.Equal(3 * 4 + 4 * 4 + 4 * 2 + 2, net.Spec.ParameterCount);
    }

    /// <summary>At depth 2 the four equations compute what the two-layer network's own backprop computes, value for value.</summary>
    [Theory]
    [InlineData("sigmoid", "identity", "mse")]
    [InlineData("tanh", "tanh", "half-sse")]
    [InlineData("relu", "sigmoid", "quadratic")]
    public void AtDepthTwoItComputesTheTwoLayerGradients(string activation, string output, string loss)
    {
        using var scope = NewDisposeScope();
        var (f, g, l) = (Activation.Parse(activation), Activation.Parse(output), Loss.Parse(loss));
        using var two = new TwoLayerNetwork(3, 5, 2, f, g);
        using var deep = new DeepNetwork([3, 5, 2], f, g);
        using var gen = new TorchSharp.torch.Generator(11);
        var values = two.named_parameters().Select(p => rand(p.parameter.shape, dtype: ScalarType.Float64, generator: gen).Minus(0.5)).ToList();
        two.SetParameters(two.named_parameters().Select(p => p.name).Zip(values).ToDictionary(p => p.First, p => p.Second));
        deep.SetParameters(deep.named_parameters().Select(p => p.name).Zip(values).ToDictionary(p => p.First, p => p.Second));
        var x = rand(new long[] { 7, 3 }, dtype: ScalarType.Float64, generator: gen).Times(4).Minus(2);
        var y = rand(new long[] { 7, 2 }, dtype: ScalarType.Float64, generator: gen);
        var a = ManualBackprop.Gradients(two, x, y, l);
        var b = ManualBackprop.Gradients(deep, x, y, l);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
            Assert.True(Tolerance.Float64.Agree(b[i].Gradient, a[i].Gradient), $"{a[i].Name} vs {b[i].Name}");
    }

    /// <summary>
    /// The explanation of a deep step: every line's own equation (Nielsen's BP1–BP4 in row layout), each with the layer it was
    /// evaluated for, from the first layer's forward pass to the first layer's gradients, and the values returned.
    /// </summary>
    [Fact]
    public void TheExplanationNamesEachEquationAndItsLayer()
    {
        using var scope = NewDisposeScope();
        using var net = new DeepNetwork([2, 3, 3, 2], Activation.Sigmoid, Activation.Softmax);
        var x = rand(4, 2, dtype: ScalarType.Float64);
        var y = nn.functional.one_hot(tensor(new long[] { 0, 1, 1, 0 }), 2).to(ScalarType.Float64);
        var pass = ManualBackprop.Run(net, x, y, Loss.SoftmaxCrossEntropy);
        var lines = StepExplanation.Of(pass);

        var steps = lines.Select(e => (e.Equation, e.Layer)).ToList();
        Assert.Equal(("Zˡ = Aˡ⁻¹·Wˡᵀ + bˡ", (int?)1), steps[0]);
        Assert.Equal(("Aˡ = f(Zˡ); Ŷ = Aᴸ = g(Zᴸ)", (int?)3), steps[5]);
        Assert.Equal(("BP1 δᴸ = (Ŷ − Y)/m: g' cancels the loss's 1/ŷ", (int?)3), steps[6]);
        Assert.Contains(("BP2 δˡ = (δˡ⁺¹·Wˡ⁺¹) ⊙ f'(Zˡ)", (int?)1), steps);
        Assert.Equal(("BP3 ∂L/∂bˡ = Σₙ δˡ", (int?)1), steps[^1]);
        Assert.Equal("DeepBackprop.cs", StepExplanation.SourceOf(pass));
        // δᴸ is softmax(Zᴸ) − Y over the batch of 4, and the last entry is the first layer's bias gradient returned.
        Assert.True(lines[6].Value.allclose((net.forward(x).detach() - y).Over(4), rtol: 1e-12, atol: 1e-15));
        Assert.True(lines[^1].Value.eq(pass.Gradients.Single(g => g.Name == "layers.0.bias").Gradient).all().item<bool>());
    }

    [Fact]
    public void TheSquaredErrorsShowTheirGradientThenBP1ThroughG()
    {
        using var scope = NewDisposeScope();
        using var net = new DeepNetwork([2, 2], Activation.Sigmoid, Activation.Identity);
        var pass = ManualBackprop.Run(net, rand(3, 2, dtype: ScalarType.Float64), rand(3, 2, dtype: ScalarType.Float64), Loss.HalfSumSquared);
        Assert.Equal(new[] { "Zˡ = Aˡ⁻¹·Wˡᵀ + bˡ", "Aˡ = f(Zˡ); Ŷ = Aᴸ = g(Zᴸ)", "∂L/∂Ŷ", "BP1 δᴸ = ∂L/∂Ŷ ⊙ g'(Zᴸ) (softmax: times its Jacobian)", "BP4 ∂L/∂Wˡ = δˡᵀ·Aˡ⁻¹", "BP3 ∂L/∂bˡ = Σₙ δˡ" },
                     StepExplanation.Of(pass).Select(e => e.Equation));
    }
}

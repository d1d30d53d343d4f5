using SigmoidTorch.Cli;
using SigmoidTorch.Data;
using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Models;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Cli;

/// <summary>
/// The backward passes return their named values, and --explain shows each with the equation written as the comment of
/// the line that computed it.
/// </summary>
public class StepExplanationTests
{
    /// <summary>The two-layer pass carries every value of its equations; the explanation shows them in the code's order.</summary>
    [Fact]
    public void TheNetworkPassCarriesEveryValueOfItsEquations()
    {
        using var scope = NewDisposeScope();
        using var net = new TwoLayerNetwork(2, 3, 1, Activation.Sigmoid);
        var x = rand(4, 2, dtype: ScalarType.Float64);
        var y = rand(4, 1, dtype: ScalarType.Float64);
        var pass = (NetworkPass)ManualBackprop.Run(net, x, y, Loss.MeanSquared);
        var lines = StepExplanation.Of(pass);

        var equations = lines.Select(e => e.Equation).ToList();
        Assert.Equal("Z1 = X·W1ᵀ + b1", equations[0]);
        Assert.Contains("δ2 = ∂L/∂Z2 = ∂L/∂Ŷ ⊙ g'(Z2)", equations);
        Assert.Contains("∂L/∂W1 = δ1ᵀ·X", equations);
        Assert.Equal("NetworkBackprop.cs", StepExplanation.SourceOf(pass));
        // Each value is the one its line produced: the gradients are the ones returned.
        var dW1 = lines.Single(e => e.Equation.StartsWith("∂L/∂W1", StringComparison.Ordinal)).Value;
        Assert.True(dW1.eq(pass.Gradients.Single(g => g.Name == "hidden.weight").Gradient).all().item<bool>());
        Assert.Equal(new long[] { 4, 3 }, lines[1].Value.shape);   // H = f(Z1): [N, hidden]
        Assert.True(pass.Yhat.allclose(net.forward(x).detach(), rtol: 1e-12, atol: 1e-15));
    }

    /// <summary>The neuron's pass too: every line of its gradient file, in order, each with the value it computed.</summary>
    [Fact]
    public void TheNeuronPassCarriesItsEquationsAndTheirValues()
    {
        using var scope = NewDisposeScope();
        using var neuron = new SigmoidNeuron(3);
        var x = rand(5, 3, dtype: ScalarType.Float64);
        var y = rand(5, 1, dtype: ScalarType.Float64);
        var pass = (NeuronPass)ManualBackprop.Run(neuron, x, y, Loss.HalfSumSquared);
        var lines = StepExplanation.Of(pass);

        Assert.Equal(new[] { "z = X·wᵀ + b", "ŷ = σ(z)", "∂L/∂ŷ", "δ = ∂L/∂z = ∂L/∂ŷ ⊙ ŷ(1−ŷ)", "∂L/∂w = δᵀ·X", "∂L/∂b = Σₙ δ" },
                     lines.Select(e => e.Equation));
        Assert.Equal("NeuronBackprop.cs", StepExplanation.SourceOf(pass));
        Assert.True(lines[1].Value.allclose(neuron.forward(x).detach(), rtol: 1e-12, atol: 1e-15));   // ŷ = σ(z) is the neuron's output
        Assert.True(lines[2].Value.eq(lines[1].Value - y).all().item<bool>());                       // ∂(½Σ(ŷ−y)²)/∂ŷ = ŷ − y
        Assert.True(lines[4].Value.eq(pass.Gradients[0].Gradient).all().item<bool>());
        Assert.True(lines[5].Value.eq(pass.Gradients[1].Gradient).all().item<bool>());
        Assert.Equal(new[] { "linear.weight", "linear.bias" }, pass.Gradients.Select(g => g.Name));
    }

    /// <summary>The any-depth pass names each value by its layer: forward up, BP1 at the top, then BP2, BP4, BP3 down again.</summary>
    [Theory]
    [InlineData("quadratic")]
    [InlineData("softmax-ce")]
    public void TheDeepPassCarriesEveryLayersValues(string loss)
    {
        using var scope = NewDisposeScope();
        var output = loss == "softmax-ce" ? Activation.Softmax : Activation.Sigmoid;
        using var net = new DeepNetwork([2, 4, 3, 3], Activation.Tanh, output);
        var x = rand(5, 2, dtype: ScalarType.Float64);
        var y = nn.functional.one_hot(randint(3, 5), 3).to(ScalarType.Float64);
        var pass = (DeepPass)ManualBackprop.Run(net, x, y, Loss.Parse(loss));
        var lines = StepExplanation.Of(pass);

        Assert.Equal(3, pass.Depth);
        Assert.Equal(new int?[] { 1, 1, 2, 2, 3, 3 }, lines.Take(6).Select(e => e.Layer));
        string[] top = loss == "softmax-ce"
            ? ["BP1 δᴸ = (Ŷ − Y)/m: g' cancels the loss's 1/ŷ"]
            : ["∂L/∂Ŷ", "BP1 δᴸ = ∂L/∂Ŷ ⊙ g'(Zᴸ) (softmax: times its Jacobian)"];
        Assert.Equal(top, lines.Skip(6).Take(top.Length).Select(e => e.Equation));
        Assert.Equal(loss == "softmax-ce", pass.dL_dYhat is null);
        Assert.True(pass.A[3].allclose(net.forward(x).detach(), rtol: 1e-12, atol: 1e-15));       // Ŷ = Aᴸ is the network's output
        Assert.True(pass.A[0].eq(x).all().item<bool>());                                            // A⁰ = X
        Assert.Equal(new[] { "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias" }, pass.Gradients.Select(g => g.Name));
        for (int l = 1; l <= 3; l++)
            Assert.True(lines.Single(e => e.Layer == l && e.Equation.StartsWith("BP4", StringComparison.Ordinal)).Value.eq(pass.Gradients[2 * (l - 1)].Gradient).all().item<bool>());
    }

    /// <summary>
    /// Every equation --explain prints is, to the letter, the comment of a line of the gradient file it names: the
    /// explanation and the math cannot drift apart.
    /// </summary>
    [Fact]
    public void EveryExplainedEquationIsTheCommentOfALineOfItsGradientFile()
    {
        string root = SourceTree.RequireRepository("it reads the gradient files");
        using var scope = NewDisposeScope();
        var x = rand(4, 2, dtype: ScalarType.Float64);
        var y = rand(4, 2, dtype: ScalarType.Float64);
        var onehot = nn.functional.one_hot(randint(2, 4), 2).to(ScalarType.Float64);
        var passes = new[]
        {
            ManualBackprop.Run(new SigmoidNeuron(2), x, y[.., ..1], Loss.MeanSquared),
            ManualBackprop.Run(new TwoLayerNetwork(2, 3, 2, Activation.Tanh), x, y, Loss.MeanSquared),
            ManualBackprop.Run(new DeepNetwork([2, 3, 2], Activation.Relu, Activation.Sigmoid), x, y, Loss.Quadratic),
            ManualBackprop.Run(new DeepNetwork([2, 3, 2], Activation.Relu, Activation.Softmax), x, onehot, Loss.SoftmaxCrossEntropy),
        };
        foreach (var pass in passes)
        {
            string file = StepExplanation.SourceOf(pass);
            var comments = File.ReadLines(Path.Combine(root, "src", "SigmoidTorch", "Gradients", file))
                .Select(line => line.IndexOf("//", StringComparison.Ordinal) is >= 0 and var at ? line[(at + 2)..].Trim() : null)
                .Where(c => c is not null).ToHashSet();
            foreach (var line in StepExplanation.Of(pass))
                Assert.True(comments.Contains(line.Equation), $"{file} has no line whose comment is '{line.Equation}'");
        }
    }

    [Fact]
    public void ADatasetMovesToAnotherDtype()
    {
        var data = Dataset.FromArrays(new double[,] { { 1, 2 }, { 3, 4 } }, new double[,] { { 0 }, { 1 } });
        var single = data.To(ScalarType.Float32, CPU);
        Assert.Equal(ScalarType.Float32, single.X.dtype);
        Assert.Equal(ScalarType.Float32, single.Y.dtype);
        Assert.Equal(2, single.Count);
    }
}

using SigmoidTorch.Data;
using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Models;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Gradients;

public class StepTraceTests
{
    /// <summary>The trace shows each hand-written line's own comment, with the value that line computed.</summary>
    [Fact]
    public void TheTraceCarriesTheEquationCommentsOfTheCodeAndTheirValues()
    {
        using var scope = NewDisposeScope();
        using var net = new TwoLayerNetwork(2, 3, 1, Activation.Sigmoid);
        var x = rand(4, 2, dtype: ScalarType.Float64);
        var y = rand(4, 1, dtype: ScalarType.Float64);
        var trace = new StepTrace();
        var gradients = ManualBackprop.Gradients(net, x, y, Loss.MeanSquared, trace);

        var equations = trace.Entries.Select(e => e.Equation).ToList();
        Assert.Equal("Z1 = X·W1ᵀ + b1", equations[0]);
        Assert.Contains("δ2 = ∂L/∂Z2 = ∂L/∂Ŷ ⊙ g'(Ŷ)", equations);
        Assert.Contains("∂L/∂W1 = δ1ᵀ·X", equations);
        Assert.All(trace.Entries, e => Assert.StartsWith("NetworkBackprop.cs:", e.Source));
        // Each recorded value is the one its line produced: the last entries are the gradients returned.
        var dW1 = trace.Entries.Single(e => e.Equation.StartsWith("∂L/∂W1", StringComparison.Ordinal)).Value;
        Assert.True(dW1.eq(gradients.Single(g => g.Name == "hidden.weight").Gradient.cpu()).all().item<bool>());
        Assert.Equal(new long[] { 4, 3 }, trace.Entries[1].Value.shape);   // H = f(Z1): [N, hidden]
    }

    /// <summary>The neuron's trace too: every line of its gradient file, in order, each with the value it computed.</summary>
    [Fact]
    public void TheNeuronsTraceCarriesItsEquationsAndTheirValues()
    {
        using var scope = NewDisposeScope();
        using var neuron = new SigmoidNeuron(3);
        var x = rand(5, 3, dtype: ScalarType.Float64);
        var y = rand(5, 1, dtype: ScalarType.Float64);
        var trace = new StepTrace();
        var gradients = ManualBackprop.Gradients(neuron, x, y, Loss.HalfSumSquared, trace);

        Assert.Equal(new[] { "z = X·wᵀ + b", "ŷ = σ(z)", "∂L/∂ŷ", "δ = ∂L/∂z = ∂L/∂ŷ ⊙ ŷ(1−ŷ)", "∂L/∂w = δᵀ·X", "∂L/∂b = Σₙ δ" },
                     trace.Entries.Select(e => e.Equation));
        Assert.All(trace.Entries, e => Assert.StartsWith("NeuronBackprop.cs:", e.Source));
        Assert.True(trace.Entries[1].Value.allclose(neuron.forward(x).detach(), rtol: 1e-12, atol: 1e-15));   // ŷ = σ(z) is the neuron's output
        Assert.True(trace.Entries[2].Value.eq(trace.Entries[1].Value - y).all().item<bool>());                 // ∂(½Σ(ŷ−y)²)/∂ŷ = ŷ − y
        Assert.True(trace.Entries[4].Value.eq(gradients[0].Gradient).all().item<bool>());
        Assert.True(trace.Entries[5].Value.eq(gradients[1].Gradient).all().item<bool>());
        Assert.Equal(new[] { "linear.weight", "linear.bias" }, gradients.Select(g => g.Name));
    }

    [Fact]
    public void ALineWithoutAnEquationCommentIsReported()
    {
        Assert.Throws<InvalidOperationException>(() => StepTrace.EquationAt("NetworkBackprop.cs", 1));
        Assert.Throws<InvalidOperationException>(() => StepTrace.EquationAt("NoSuchFile.cs", 1));
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

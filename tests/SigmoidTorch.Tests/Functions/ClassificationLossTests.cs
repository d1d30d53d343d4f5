using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Functions;

/// <summary>The cross-entropies: the textbook values, stable at any logit, the gradient (Ŷ − Y)/m, and the targets and outputs they take.</summary>
public class ClassificationLossTests
{
    [Fact]
    public void BinaryCrossEntropyIsTheTextbookValueOfTheSigmoidOutputs()
    {
        using var scope = NewDisposeScope();
        var z = tensor(new double[,] { { -2, 0.5 }, { 1, 3 }, { 0.1, -0.7 } });
        var y = tensor(new double[,] { { 0, 1 }, { 1, 0.25 }, { 0, 0 } });
        var a = z.sigmoid();
        double textbook = -(y * a.log()).Plus(1.0.Minus(y) * 1.0.Minus(a).log()).sum().item<double>() / 3;
        Assert.Equal(textbook, Loss.BinaryCrossEntropy.Value(z, y).item<double>(), 14);
        Assert.True(Loss.BinaryCrossEntropy.Gradient(z, y).allclose((a - y).Over(3), rtol: 1e-15, atol: 1e-16));
    }

    [Fact]
    public void SoftmaxCrossEntropyIsTheTextbookValueOfTheSoftmaxOutputs()
    {
        using var scope = NewDisposeScope();
        var z = tensor(new double[,] { { -2, 0.5, 1 }, { 1, 3, -1 } });
        var y = tensor(new double[,] { { 0, 0, 1 }, { 0, 1, 0 } });
        var a = z.softmax(1);
        double textbook = -(y * a.log()).sum().item<double>() / 2;
        Assert.Equal(textbook, Loss.SoftmaxCrossEntropy.Value(z, y).item<double>(), 14);
        Assert.True(Loss.SoftmaxCrossEntropy.Gradient(z, y).allclose((a - y).Over(2), rtol: 1e-15, atol: 1e-16));
    }

    /// <summary>Saturated logits, where σ(z) or softmax(z) rounds to exactly 0 or 1: the values stay finite and right, no log(0).</summary>
    [Fact]
    public void ExtremeLogitsGiveFiniteValues()
    {
        using var scope = NewDisposeScope();
        var z = tensor(new double[,] { { 1000, -1000 } });
        // σ(1000) = 1 and σ(−1000) = 0 in float64: the loss of the right answers is 0, of the wrong ones 1000 each.
        Assert.Equal(0, Loss.BinaryCrossEntropy.Value(z, tensor(new double[,] { { 1, 0 } })).item<double>());
        Assert.Equal(2000, Loss.BinaryCrossEntropy.Value(z, tensor(new double[,] { { 0, 1 } })).item<double>());
        Assert.Equal(2000, Loss.SoftmaxCrossEntropy.Value(z, tensor(new double[,] { { 0, 1 } })).item<double>());
        Assert.Equal(0, Loss.SoftmaxCrossEntropy.Value(z, tensor(new double[,] { { 1, 0 } })).item<double>());
        Assert.True(Loss.BinaryCrossEntropy.Gradient(z, tensor(new double[,] { { 0, 1 } })).isfinite().all().item<bool>());
    }

    public static TheoryData<string, double[,], string> BadTargets => new()
    {
        { "bce", new double[,] { { 0.5, 1.5 } }, "needs targets in [0, 1]; row 0 holds [0.5, 1.5]" },
        { "bce", new double[,] { { 0.5, 1 }, { -0.1, 0 } }, "row 1 holds [-0.1, 0]" },
        { "softmax-ce", new double[,] { { 0, 1, 0 }, { 1, 1, 0 } }, "row 1 sums to 2" },
        { "softmax-ce", new double[,] { { 0.5, 0.5, -0.1 } }, "needs targets in [0, 1]" },
    };

    [Theory, MemberData(nameof(BadTargets))]
    public void TargetsThatAreNoProbabilitiesAreRefused(string loss, double[,] targets, string says)
    {
        var e = Assert.Throws<SigmoidTorchException>(() => Loss.Parse(loss).CheckTargets(tensor(targets)));
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACrossEntropyNeedsItsOwnOutputLayerOfADeepNetwork()
    {
        Assert.Contains("belongs to a softmax output layer, but deep[3→4→2, sigmoid/sigmoid",
            Assert.Throws<SigmoidTorchException>(() => ModelSpec.Deep([3, 4, 2], Activation.Sigmoid).CheckLoss(Loss.SoftmaxCrossEntropy)).Message, StringComparison.Ordinal);
        Assert.Contains("only a deep network's backprop reads",
            Assert.Throws<SigmoidTorchException>(() => ModelSpec.Neuron(2).CheckLoss(Loss.BinaryCrossEntropy)).Message, StringComparison.Ordinal);
        ModelSpec.Deep([3, 4, 2], Activation.Relu, Activation.Softmax).CheckLoss(Loss.SoftmaxCrossEntropy);
        ModelSpec.Deep([3, 4, 2], Activation.Relu, Activation.Softmax).CheckLoss(Loss.MeanSquared);
    }

    [Fact]
    public void ASoftmaxOutputOfOneUnitIsRefused() =>
        Assert.Contains("a softmax output needs at least two outputs",
            Assert.Throws<SigmoidTorchException>(() => ModelSpec.Deep([3, 1], Activation.Sigmoid, Activation.Softmax).Validate()).Message, StringComparison.Ordinal);
}

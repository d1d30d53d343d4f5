using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Models;

public class DeadUnitsTests
{
    private static readonly Tensor X = tensor(new double[,] { { 0.1, 0.2 }, { 0.5, -0.3 }, { 1, 1 }, { -2, 0.4 } });

    // A 2-3-1 network with the hidden biases given and small weights, so that a bias of -100 keeps its unit below 0.
    private static TwoLayerNetwork Network(Activation hidden, Activation output, double[] hiddenBias, double outputBias = 0.5)
    {
        var net = new TwoLayerNetwork(2, 3, 1, hidden, output);
        net.SetParameters(new Dictionary<string, Tensor>
        {
            ["hidden.weight"] = tensor(new double[,] { { 0.3, -0.2 }, { 0.1, 0.4 }, { -0.5, 0.2 } }),
            ["hidden.bias"] = tensor(hiddenBias),
            ["output.weight"] = tensor(new double[,] { { 0.7, -0.6, 0.5 } }),
            ["output.bias"] = tensor(new[] { outputBias }),
        });
        return net;
    }

    [Fact]
    public void AHealthyNetworkHasNone()
    {
        var dead = DeadUnits.Find(Network(Activation.Relu, Activation.Identity, [1, 1, 1]), X);
        Assert.True(dead.None);
        Assert.Equal("", dead.ToString());
    }

    [Fact]
    public void ReluUnitsBelowZeroAtEveryInputAreDead()
    {
        var some = DeadUnits.Find(Network(Activation.Relu, Activation.Identity, [1, -100, 1]), X);
        Assert.Equal([1], some.Hidden);
        Assert.Empty(some.Output);
        Assert.Equal("1 of 3 hidden units (h2) is dead: relu'(a) is 0 at every input, so no gradient reaches them", some.ToString());

        var all = DeadUnits.Find(Network(Activation.Relu, Activation.Identity, [-100, -100, -100]), X);
        Assert.Equal([0, 1, 2], all.Hidden);
        Assert.StartsWith("all 3 hidden units are dead", all.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("and the output sees only constants", all.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AUnitBelowZeroAtSomeInputsOnlyLives()
    {
        // h1 = relu(0.3·x1 − 0.2·x2) is below 0 at two of the four inputs, above 0 at the other two.
        var dead = DeadUnits.Find(Network(Activation.Relu, Activation.Identity, [0, 5, 5]), X);
        Assert.DoesNotContain(0, dead.Hidden);
    }

    [Fact]
    public void ADeadOutputStopsEverything()
    {
        var dead = DeadUnits.Find(Network(Activation.Relu, Activation.Relu, [1, 1, 1], outputBias: -100), X);
        Assert.Equal([0], dead.Output);
        Assert.Equal("the output unit is dead: relu'(a) is 0 at every input, so no gradient flows through the network at all", dead.ToString());
    }

    [Fact]
    public void SaturatedSigmoidUnitsAreDeadToo()
    {
        // σ(1000 + …) is exactly 1 in float64, so σ' = a(1 − a) is exactly 0.
        var dead = DeadUnits.Find(Network(Activation.Sigmoid, Activation.Identity, [1000, 0, 0]), X);
        Assert.Equal([0], dead.Hidden);
    }

    /// <summary>
    /// A layer wider than the block the check computes at once (2²⁰ values: 262,144 units at these 4 inputs): the dead
    /// units on both sides of each block's edge are found, as the whole layer's derivative says, and the sentence names
    /// ten of them and counts the rest.
    /// </summary>
    [Fact]
    public void AWideLayerIsCheckedBlockByBlock()
    {
        using var scope = NewDisposeScope();
        const int Hidden = 600_000;
        var net = new TwoLayerNetwork(2, Hidden, 1, Activation.Relu, Activation.Identity);
        var edge = new[] { 262_143, 262_144, 524_287, 524_288 };
        var bias = Enumerable.Range(0, Hidden).Select(j => j % 7 == 0 || edge.Contains(j) ? -100.0 : 0.0).ToArray();   // these units are below 0 everywhere
        net.SetParameters(new Dictionary<string, Tensor>
        {
            ["hidden.weight"] = tensor(Enumerable.Repeat(0.1, 2 * Hidden).ToArray()).reshape(Hidden, 2),
            ["hidden.bias"] = tensor(bias),
            ["output.weight"] = tensor(Enumerable.Repeat(0.5, Hidden).ToArray()).reshape(1, Hidden),
            ["output.bias"] = tensor(new[] { 0.0 }),
        });
        var dead = DeadUnits.Find(net, X);
        using var whole = Activation.Relu.DerivativeFromOutput(net.HiddenLayer(X)).EqualTo(0).all(0).nonzero().flatten();
        Assert.Equal(whole.data<long>().Select(i => (int)i).ToArray(), dead.Hidden);
        Assert.Subset(dead.Hidden.ToHashSet(), edge.ToHashSet());
        Assert.Equal($"{dead.Hidden.Length} of 600000 hidden units (h1, h8, h15, h22, h29, h36, h43, h50, h57, h64 and {dead.Hidden.Length - 10} more) are dead: "
                     + "relu'(a) is 0 at every input, so no gradient reaches them", dead.ToString());
    }
}

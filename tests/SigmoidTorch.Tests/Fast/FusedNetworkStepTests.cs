using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Fast;

public class FusedNetworkStepTests
{
    /// <summary>The fused step reads its inputs from what it prepared: a batch it did not prepare is refused, not guessed.</summary>
    [Fact]
    public void ABatchThatWasNotPreparedIsRefused()
    {
        using var scope = NewDisposeScope();
        using var net = new TwoLayerNetwork(2, 3, 1, Activation.Sigmoid);
        using var step = new FusedNetworkStep(net, Loss.MeanSquared, Loss.MeanSquared, 0.1);
        var (x, y) = (rand(4, 2, dtype: ScalarType.Float64), rand(4, 1, dtype: ScalarType.Float64));
        var loss = zeros(1, 1, dtype: ScalarType.Float64);
        step.BeginEpoch(new[] { (x, y) });
        var e = Assert.Throws<InvalidOperationException>(() => step.Step(x.clone(), y, loss));
        Assert.Contains("BeginEpoch", e.Message, StringComparison.Ordinal);
        step.Step(x, y, loss);   // the prepared one is taken
        Assert.True(loss.item<double>() > 0);
    }

    /// <summary>The step updates its own packed copy; the model sees the weights only after SyncModel.</summary>
    [Fact]
    public void TheModelGetsTheWeightsOnSync()
    {
        using var scope = NewDisposeScope();
        using var net = new TwoLayerNetwork(2, 3, 2, Activation.Tanh, Activation.Identity);
        var before = net.named_parameters().Select(p => p.parameter.detach().clone()).ToList();
        using var step = new FusedNetworkStep(net, Loss.SumSquared, Loss.SumSquared, 0.1);
        var (x, y) = (rand(4, 2, dtype: ScalarType.Float64), rand(4, 2, dtype: ScalarType.Float64));
        step.BeginEpoch(new[] { (x, y) });
        step.Step(x, y, zeros(1, 1, dtype: ScalarType.Float64));
        Assert.All(net.parameters().Zip(before), p => Assert.True(p.First.eq(p.Second).all().item<bool>()));
        step.SyncModel();
        Assert.All(net.parameters().Zip(before), p => Assert.False(p.First.eq(p.Second).all().item<bool>()));
    }
}

using SigmoidTorch.Tests.Infrastructure;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Training;

/// <summary>
/// The autograd step's update is torch.optim.SGD's: it makes SGD's α = −η itself (a Scalar it keeps alive, where
/// TorchSharp's SGD.step() leaves its own to the garbage collector) and must land on the very same bits.
/// </summary>
public class AutogradStepTests
{
    [Theory]
    [InlineData("float64", 0.3)]
    [InlineData("float64", 1e-3)]
    [InlineData("float32", 0.3)]
    [InlineData("float32", 0.45)]                                   // not a float32 number: both round it the same way
    public void ItsUpdateIsTorchOptimSgdsBitForBit(string dtype, double learningRate)
    {
        var c = new CrossCheckCase("mlp", "tanh", "identity", "mse", "both", 4, dtype, "cpu");
        using var scope = NewDisposeScope();
        var (ours, x, y) = c.Build();
        var (reference, _, _) = c.Build();
        var (start, _, _) = c.Build();

        using (var step = new AutogradStep(ours, c.LossFunction, c.LossFunction, learningRate))
        {
            using var slot = zeros(new long[] { 1, 1 }, dtype: x.dtype);
            step.Step(x, y, slot);
        }

        using var sgd = optim.SGD(reference.parameters(), learningRate, momentum: 0, dampening: 0, weight_decay: 0);
        sgd.zero_grad();
        var logits = reference.Logits(x);
        c.LossFunction.Value(logits, reference.OutputActivation.Apply(logits), y).backward();
#pragma warning disable ST0002 // The reference itself, called as TorchSharp wrote it (it leaves −η to the collector): one call, in this test only.
        sgd.step();
#pragma warning restore ST0002

        foreach (var ((name, a), (_, b), (_, before)) in ours.named_parameters().Zip(reference.named_parameters(), start.named_parameters()))
        {
            Assert.True(a.detach().eq(b.detach()).all().item<bool>(), $"{c} lr {learningRate}: {name} differs from SGD.step()'s");
            Assert.False(a.detach().eq(before.detach()).all().item<bool>(), $"{c} lr {learningRate}: {name} did not change");
        }
    }
}

using SigmoidTorch.Tests.Infrastructure;
using SigmoidTorch.Training;
using Xunit;

namespace SigmoidTorch.Tests.Training;

/// <summary>
/// Native memory stays flat over long runs. Counts live tensors process-wide, so it runs in the
/// <see cref="TensorCounting"/> collection, alone, after the parallel tests.
/// </summary>
[Collection(TensorCounting.Name)]
public class TrainerMemoryTests
{
    [Fact]
    public void LongRunsKeepTheNumberOfLiveTensorsFlat()
    {
        var (net, data) = TrainerTests.Problem();
        Trainer.Fit(net, data, new TrainingOptions { Epochs = 5, BatchSize = 4, Fused = false });
        long before = TorchSharp.torch.Tensor.TotalCount;
        foreach (var (fused, trainer) in new[] { (false, TrainerKind.Manual), (true, TrainerKind.Manual), (false, TrainerKind.Autograd) })
            Trainer.Fit(net, data, new TrainingOptions { Epochs = 300, BatchSize = 4, Fused = fused, Trainer = trainer });
        long after = TorchSharp.torch.Tensor.TotalCount;
        Assert.True(after - before < 20, $"{after - before} tensors left alive by 3 × 1,200 steps");
    }
}

using SigmoidTorch.Fast;
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
        Trainer.Fit(net, data, new TrainingOptions { Epochs = 5, BatchSize = 4 });
        long before = TorchSharp.torch.Tensor.TotalCount;
        foreach (var (step, trainer) in new[] { (StepKind.Readable, TrainerKind.Manual), (FusedNetworkStep.Kind, TrainerKind.Manual), (StepKind.Readable, TrainerKind.Autograd) })
            Trainer.Fit(net, data, new TrainingOptions { Epochs = 300, BatchSize = 4, Step = step, Trainer = trainer });
        long after = TorchSharp.torch.Tensor.TotalCount;
        Assert.True(after - before < 20, $"{after - before} tensors left alive by 3 × 1,200 steps");
    }

    [Fact]
    public void OptimizersFreeTheirStateAndKeepTheNumberOfLiveTensorsFlat()
    {
        var (net, data) = TrainerTests.Problem();
        Trainer.Fit(net, data, new TrainingOptions { Epochs = 5, BatchSize = 4, LearningRate = 0.01, Optimizer = Optimizer.Adam() });
        long before = TorchSharp.torch.Tensor.TotalCount;
        foreach (var optimizer in new[] { Optimizer.WithMomentum(weightDecay: 0.01), Optimizer.Nesterov(), Optimizer.RmsProp(), Optimizer.Adam(), Optimizer.AdamW() })
            Trainer.Fit(net, data, new TrainingOptions { Epochs = 100, BatchSize = 4, LearningRate = 0.01, Optimizer = optimizer });
        long after = TorchSharp.torch.Tensor.TotalCount;
        Assert.True(after - before < 20, $"{after - before} tensors left alive by 5 optimizers × 400 steps");
    }
}

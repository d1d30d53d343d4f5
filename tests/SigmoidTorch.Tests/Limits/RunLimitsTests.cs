using SigmoidTorch.Articles.Seed000SigmoidNeuronTraining;
using SigmoidTorch.Articles.Seed001SineRegression;
using SigmoidTorch.Articles.Seed003GradientDescentPerceptron;
using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using Xunit;

namespace SigmoidTorch.Tests.Limits;

/// <summary>
/// Sizes beyond the documented bounds or the machine's memory are refused before anything is allocated, with one line
/// that names the size, by the library itself (so a program of one's own gets the same protection as the examples).
/// </summary>
public class RunLimitsTests
{
    [Fact]
    public void AvailableMemoryIsPositiveAndBelowTheMachinesTotal()
    {
        long available = MachineMemory.AvailableBytes();
        Assert.InRange(available, 1L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
    }

    [Fact]
    public void MoreMemoryThanTheMachineHasIsRefused()
    {
        var e = Assert.Throws<ResourceLimitException>(() => MemoryLimits.Require(1e15, "a test"));
        Assert.StartsWith("a test needs about 909.5 TiB of memory, more than the ", e.Message, StringComparison.Ordinal);
        MemoryLimits.Require(1 << 20, "a small test");
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "seed 001, hidden int.MaxValue", "needs about" },
        { "seed 001, hidden 100 million", "needs about" },
        { "seed 001, 50 million points", "seed 001: the number of points is 50,000,000, more than the 10,000,000 allowed" },
        { "seed 001, default points of MAX 1e300", "the default number of points, int(MAX·5 + 1), is 5.0E+300, more than the 10,000,000 allowed" },
        { "seed 001, int.MaxValue epochs", "the number of training steps (epochs × batches per epoch) is 17,179,869,176, more than the 100,000,000 allowed" },
        { "seed 001, infinite domain width", "must be finite, and so must its width" },
        { "sweep of two million networks", "a sweep: the number of networks is 2,000,000, more than the 1,000,000 allowed" },
        { "sweep of 3000 epochs of 100,000 networks", "a sweep: the number of epoch losses it keeps (epochs × networks) is 300,000,000, more than the 268,435,456 allowed" },
        { "gradient check of 100,000 outputs", "the number of parameters is 600,015, more than the 50,000 allowed" },
        { "gradient check, hidden 1000, batch 1000", "parameters² × batch, is 16,008,001,000, more than the 10,000,000,000 allowed" },
        { "model of 2^31 hidden units", "the number of parameters is 8,589,934,589, more than the 100,000,000 allowed" },
        { "seed 003, int.MaxValue iterations", "seed 003: the number of iterations is 2,147,483,647" },
        { "seed 000, int.MaxValue frames", "seed 000: the number of frames (updates) is 2,147,483,647" },
    };

    [Theory, MemberData(nameof(Refusals))]
    public void OversizedRunsAreRefusedBeforeTheyStart(string name, string expected)
    {
        var sine = new SineRegressionConfig();
        Action check = name switch
        {
            "seed 001, hidden int.MaxValue" => () => SineRegression.CheckSizes(sine with { Hidden = int.MaxValue }),
            "seed 001, hidden 100 million" => () => SineRegression.CheckSizes(sine with { Hidden = 100_000_000 }),
            "seed 001, 50 million points" => () => SineRegression.CheckSizes(sine with { Points = 50_000_000 }),
            "seed 001, default points of MAX 1e300" => () => SineRegression.CheckSizes(sine with { MaxX = 1e300 }),
            "seed 001, int.MaxValue epochs" => () => SineRegression.CheckSizes(sine with { Epochs = int.MaxValue }),
            "seed 001, infinite domain width" => () => SineRegression.CheckSizes(sine with { MinX = -1e308, MaxX = 1e308 }),
            "sweep of two million networks" => () => SineRegressionSweep.Run(sine, new[] { 0.1, 0.2 }, Enumerable.Range(0, 1_000_000).Select(i => (long)i).ToArray(), TorchSharp.torch.ScalarType.Float64, TorchSharp.torch.CPU),
            "sweep of 3000 epochs of 100,000 networks" => () => SineRegressionSweep.Run(sine, new[] { 0.1 }, Enumerable.Range(0, 100_000).Select(i => (long)i).ToArray(), TorchSharp.torch.ScalarType.Float64, TorchSharp.torch.CPU),
            "gradient check of 100,000 outputs" => () => GradientCheck.CheckSize(ModelSpec.Network(2, 5, 100_000, Activation.Sigmoid), 4),
            "gradient check, hidden 1000, batch 1000" => () => GradientCheck.CheckSize(ModelSpec.Network(2, 1000, 1, Activation.Sigmoid), 1000),
            "model of 2^31 hidden units" => () => ModelSpec.Network(2, int.MaxValue, 1, Activation.Sigmoid).Build(),
            "seed 003, int.MaxValue iterations" => () => GradientDescentPerceptron.Run(new GradientDescentPerceptronConfig { Iterations = int.MaxValue }, TorchSharp.torch.ScalarType.Float64, TorchSharp.torch.CPU),
            "seed 000, int.MaxValue frames" => () => SigmoidNeuronTraining.Run(new SigmoidNeuronTrainingConfig { Frames = int.MaxValue }, TorchSharp.torch.ScalarType.Float64, TorchSharp.torch.CPU),
            _ => throw new ArgumentException(name),
        };
        long before = GC.GetTotalMemory(false);
        var e = Assert.ThrowsAny<SigmoidTorchException>(check);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.True(GC.GetTotalMemory(false) - before < 256L << 20, "the refusal allocated the run");
    }

    [Fact]
    public void TrainingItselfChecksItsSteps()
    {
        using var model = ModelSpec.Neuron(1).Build();
        var data = SigmoidTorch.Data.Dataset.FromArrays(new double[,] { { 0 }, { 1 } }, new double[,] { { 0 }, { 1 } });
        var e = Assert.Throws<ResourceLimitException>(() => Trainer.Fit(model, data, new TrainingOptions { Epochs = int.MaxValue }));
        Assert.Contains("is 4,294,967,294, more than the 100,000,000 allowed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunWithinTheBoundsPasses() => SineRegression.CheckSizes(new SineRegressionConfig { Points = 1_000_000, Hidden = 50, Epochs = 10 });
}

using SigmoidTorch.Articles.Seed001SineRegression;
using SigmoidTorch.Data;
using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Training;

public class NetworkSweepTests
{
    public static TheoryData<string, string, string, bool> Cases => new()
    {
        { "manual", "sigmoid", "half-sse", false },
        { "autograd", "sigmoid", "half-sse", false },
        { "manual", "tanh", "mse", true },
        { "autograd", "relu", "sse", true },
    };

    /// <summary>Every network of a sweep ends where training it alone ends (float64, 1e-10 relative).</summary>
    [Theory, MemberData(nameof(Cases))]
    public void EachNetworkEqualsTrainingItAlone(string trainer, string activation, string loss, bool outputBias)
    {
        using var scope = NewDisposeScope();
        var kind = trainer == "manual" ? TrainerKind.Manual : TrainerKind.Autograd;
        var spec = ModelSpec.Network(1, 5, 1, Activation.Parse(activation), null, hiddenBias: true, outputBias: outputBias);
        var x = linspace(0, 6.28, 32, dtype: ScalarType.Float64).reshape(-1, 1);
        var data = new Dataset(x, (x.sin() + 1) / 2);
        double[] rates = activation == "sigmoid" ? new[] { 0.45, 0.2, 0.8, 0.05 } : new[] { 0.01, 0.005, 0.02, 0.001 };
        var members = rates.Select((lr, i) =>
        {
            return new SweepMember($"lr {lr}", lr, SineRegression.InitialWeights(spec, WeightInit.Article, seed: i));
        }).ToList();
        var options = new TrainingOptions { Epochs = 60, BatchSize = 4, Loss = Loss.Parse(loss), Trainer = kind };

        var sweep = NetworkSweep.Train(spec, data, members, options);

        for (int m = 0; m < members.Count; m++)
        {
            using var alone = spec.Build();
            var history = Trainer.Fit(alone, data, options with { LearningRate = members[m].LearningRate, InitialParameters = members[m].Start, Fused = false });
            Assert.Null(sweep.Diverged[m]);
            Assert.Equal(history.EpochLosses.Count, sweep.Histories[m].EpochLosses.Count);
            for (int e = 0; e < history.EpochLosses.Count; e++)
                Assert.True(Math.Abs(sweep.Histories[m].EpochLosses[e] - history.EpochLosses[e]) <= 1e-10 * Math.Abs(history.EpochLosses[e]),
                    $"member {m}, epoch {e}: sweep {sweep.Histories[m].EpochLosses[e]:R} vs alone {history.EpochLosses[e]:R}");
            foreach (var (name, p) in alone.named_parameters())
            {
                var expected = p.detach();
                var actual = sweep.Final[m][name];
                Assert.True((actual - expected).abs().le(expected.abs() * 1e-10 + 1e-12).all().item<bool>(), $"member {m}: {name}");
            }
        }
    }

    [Fact]
    public void ADivergingNetworkIsMarkedAndTheOthersGoOn()
    {
        using var scope = NewDisposeScope();
        // A linear output with a huge learning rate overshoots further at every step until the loss overflows.
        var spec = ModelSpec.Network(1, 5, 1, Activation.Tanh, Activation.Identity, hiddenBias: true, outputBias: false);
        var x = linspace(0, 6.28, 32, dtype: ScalarType.Float64).reshape(-1, 1);
        var data = new Dataset(x, x.sin() + 1);
        var start = SineRegression.InitialWeights(spec, WeightInit.Article, seed: 1);
        var members = new[] { new SweepMember("sane", 0.005, start), new SweepMember("wild", 50, start) };
        var sweep = NetworkSweep.Train(spec, data, members, new TrainingOptions { Epochs = 50, BatchSize = 4, Loss = Loss.HalfSumSquared });
        Assert.Null(sweep.Diverged[0]);
        Assert.NotNull(sweep.Diverged[1]);
        Assert.Equal(50, sweep.Histories[0].EpochLosses.Count);
        Assert.True(sweep.Histories[1].EpochLosses.Count < 50);
    }
}

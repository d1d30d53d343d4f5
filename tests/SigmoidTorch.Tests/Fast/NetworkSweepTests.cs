using SigmoidTorch.Articles.Seed001SineRegression;
using SigmoidTorch.Data;
using SigmoidTorch.Devices;
using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using SigmoidTorch.Tests.Infrastructure;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Fast;

public class NetworkSweepTests
{
    public static IEnumerable<ITheoryDataRow> Cases => DeviceRows.OnEveryDevice(
    [
        ["manual", "sigmoid", "half-sse", false, 4],
        ["autograd", "sigmoid", "half-sse", false, 4],
        ["manual", "tanh", "mse", true, 4],
        ["autograd", "relu", "sse", true, 4],
        ["manual", "relu", "mse", true, 5],        // 32 points in batches of 5: the last batch has 2 rows
        ["autograd", "tanh", "half-sse", false, 5],
    ]);

    /// <summary>Every network of a sweep ends where training it alone ends, on the same device (float64, 1e-10 relative).</summary>
    [Theory, MemberData(nameof(Cases))]
    public void EachNetworkEqualsTrainingItAlone(string trainer, string activation, string loss, bool outputBias, int batchSize, string device)
    {
        using var scope = NewDisposeScope();
        var kind = trainer == "manual" ? TrainerKind.Manual : TrainerKind.Autograd;
        var on = DeviceSelector.Resolve(device);
        var spec = ModelSpec.Network(1, 5, 1, Activation.Parse(activation), null, hiddenBias: true, outputBias: outputBias);
        var x = linspace(0, 6.28, 32, dtype: ScalarType.Float64).reshape(-1, 1);
        var data = new Dataset(x, x.sin().Plus(1).Over(2)).To(ScalarType.Float64, on);
        double[] rates = activation == "sigmoid" ? new[] { 0.45, 0.2, 0.8, 0.05 } : new[] { 0.01, 0.005, 0.02, 0.001 };
        var members = rates.Select((lr, i) =>
        {
            return new SweepMember($"lr {lr}", lr, SineRegression.InitialWeights(spec, WeightInit.Article, seed: i));
        }).ToList();
        var options = new TrainingOptions { Epochs = 60, BatchSize = batchSize, Loss = Loss.Parse(loss), Trainer = kind };

        // The host reads the losses every 7 epochs here (and at the end), so reads within the run are tested too.
        var sweep = NetworkSweep.Train(spec, data, members, options, lossesPerRead: 7 * members.Count);

        for (int m = 0; m < members.Count; m++)
        {
            using var alone = spec.Build(ScalarType.Float64, on);
            var start = members[m].Start.ToDictionary(kv => kv.Key, kv => kv.Value.to(on));
            var history = Trainer.Fit(alone, data, options with { LearningRate = members[m].LearningRate, InitialParameters = start });
            Assert.Null(sweep.Diverged[m]);
            Assert.Equal(history.EpochLosses.Count, sweep.Histories[m].EpochLosses.Count);
            for (int e = 0; e < history.EpochLosses.Count; e++)
                Assert.True(Math.Abs(sweep.Histories[m].EpochLosses[e] - history.EpochLosses[e]) <= 1e-10 * Math.Abs(history.EpochLosses[e]),
                    $"member {m}, epoch {e}: sweep {sweep.Histories[m].EpochLosses[e]:R} vs alone {history.EpochLosses[e]:R}");
            foreach (var (name, p) in alone.named_parameters())
            {
                var expected = p.detach().cpu();
                var actual = sweep.Final[m][name];
                Assert.True((actual - expected).abs().le(expected.abs().Times(1e-10).Plus(1e-12)).all().item<bool>(), $"member {m}: {name}");
            }
        }
    }

    public static IEnumerable<ITheoryDataRow> Trainers => DeviceRows.OnEveryDevice([["manual"], ["autograd"]]);

    /// <summary>
    /// Memory stays flat over a long sweep: the live tensors of the training thread are the same after every epoch
    /// (the per-step tensors die with their step, reads of the losses with theirs), manual and autograd.
    /// </summary>
    [Theory, MemberData(nameof(Trainers))]
    public void LiveTensorsStayFlatOverALongSweep(string trainer, string device)
    {
        var spec = ModelSpec.Network(1, 5, 1, Activation.Sigmoid, null, hiddenBias: true, outputBias: false);
        var x = linspace(0, 6.28, 32, dtype: ScalarType.Float64).reshape(-1, 1);
        var data = new Dataset(x, x.sin().Plus(1).Over(2)).To(ScalarType.Float64, DeviceSelector.Resolve(device));
        var start = SineRegression.InitialWeights(spec, WeightInit.Article, seed: 0);
        var members = new[] { 0.45, 0.2, 0.9 }.Select(lr => new SweepMember($"lr {lr}", lr, start)).ToList();
        var options = new TrainingOptions { Epochs = 200, BatchSize = 4, Loss = Loss.HalfSumSquared, Trainer = trainer == "manual" ? TrainerKind.Manual : TrainerKind.Autograd };
        var statistics = TorchSharp.DisposeScopeManager.Statistics;
        long before = statistics.ThreadTotalLiveCount;
        var live = new List<long>();

        var sweep = NetworkSweep.Train(spec, data, members, options, e => live.Add(statistics.ThreadTotalLiveCount), lossesPerRead: 3 * members.Count);

        Assert.Equal(200, live.Count);
        Assert.True(live.All(n => n == live[0]), $"live tensors per epoch went from {live[0]} to {live.Min()}..{live.Max()}");
        Assert.Equal(2, statistics.ThreadTotalLiveCount - before);   // what the result keeps: the stacked weights Wh and W2
        Assert.Equal(200, sweep.Histories[0].EpochLosses.Count);
    }

    /// <summary>The final weights come out as each network's own parameters, and their views are made when asked for.</summary>
    [Fact]
    public void FinalWeightsAreEachNetworksByName()
    {
        using var scope = NewDisposeScope();
        var spec = ModelSpec.Network(2, 3, 2, Activation.Tanh, Activation.Identity, hiddenBias: true, outputBias: true);
        var x = rand(12, 2, dtype: ScalarType.Float64);
        var data = new Dataset(x, rand(12, 2, dtype: ScalarType.Float64));
        var starts = Enumerable.Range(0, 3).Select(i => SineRegression.InitialWeights(spec, WeightInit.Article, seed: i)).ToList();
        var members = starts.Select((s, i) => new SweepMember($"net {i}", 0.1, s)).ToList();

        var sweep = NetworkSweep.Train(spec, data, members, new TrainingOptions { Epochs = 0, BatchSize = 4 });

        Assert.Equal(3, sweep.Final.Count);
        for (int m = 0; m < 3; m++)
        {
            Assert.Equal(starts[m].Keys.Order(), sweep.Final[m].Keys.Order());
            foreach (var (name, value) in starts[m])
                Assert.True(sweep.Final[m][name].eq(value).all().item<bool>(), $"network {m}: {name} after 0 epochs is not its start");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => sweep.Final[3]);
    }

    [Fact]
    public void AStartThatDoesNotFitTheSpecIsNamed()
    {
        using var scope = NewDisposeScope();
        var spec = ModelSpec.Network(1, 5, 1, Activation.Sigmoid, null, hiddenBias: true, outputBias: false);
        var x = linspace(0, 1, 8, dtype: ScalarType.Float64).reshape(-1, 1);
        var start = SineRegression.InitialWeights(spec, WeightInit.Article, seed: 0);
        var wrong = start.ToDictionary(kv => kv.Key, kv => kv.Key == start.Keys.First() ? zeros(4, 1, dtype: ScalarType.Float64) : kv.Value);
        var members = new[] { new SweepMember("good", 0.1, start), new SweepMember("bad", 0.1, wrong) };
        var e = Assert.Throws<SigmoidTorchException>(() => NetworkSweep.Train(spec, new Dataset(x, x), members, new TrainingOptions { Epochs = 1, BatchSize = 4 }));
        Assert.StartsWith("sweep member 'bad': parameter", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADivergingNetworkIsMarkedAndTheOthersGoOn()
    {
        using var scope = NewDisposeScope();
        // A linear output with a huge learning rate overshoots further at every step until the loss overflows.
        var spec = ModelSpec.Network(1, 5, 1, Activation.Tanh, Activation.Identity, hiddenBias: true, outputBias: false);
        var x = linspace(0, 6.28, 32, dtype: ScalarType.Float64).reshape(-1, 1);
        var data = new Dataset(x, x.sin().Plus(1));
        var start = SineRegression.InitialWeights(spec, WeightInit.Article, seed: 1);
        var members = new[] { new SweepMember("sane", 0.005, start), new SweepMember("wild", 50, start) };
        var sweep = NetworkSweep.Train(spec, data, members, new TrainingOptions { Epochs = 50, BatchSize = 4, Loss = Loss.HalfSumSquared }, lossesPerRead: 2);
        Assert.Null(sweep.Diverged[0]);
        Assert.NotNull(sweep.Diverged[1]);
        Assert.Equal(50, sweep.Histories[0].EpochLosses.Count);
        Assert.Equal(sweep.Diverged[1], sweep.Histories[1].EpochLosses.Count);   // its history ends where it diverged
        Assert.All(sweep.Histories[1].EpochLosses, v => Assert.True(double.IsFinite(v)));
    }
}

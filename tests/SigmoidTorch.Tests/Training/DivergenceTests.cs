using SigmoidTorch.Data;
using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Training;

/// <summary>
/// Training that diverges stops with <see cref="TrainingDivergedException"/> naming the epoch and step, and the model
/// keeps finite weights whose loss was finite, on every training path (the fused manual step, which keeps its own
/// packed copy of the weights, the readable manual step, and autograd + SGD).
/// </summary>
public class DivergenceTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var scenario in new[] { "gradual", "gradual-shuffled", "full-batch", "saturated" })
            foreach (var trainer in new[] { "fused", "readable", "autograd" })
                data.Add(scenario, trainer);
        return data;
    }

    /// <summary>A model, its data and options that diverge in the given way.</summary>
    private static (BackpropModel Model, Dataset Data, TrainingOptions Options) Scenario(string scenario, string trainer)
    {
        var options = new TrainingOptions
        {
            Epochs = 500,
            Trainer = trainer == "autograd" ? TrainerKind.Autograd : TrainerKind.Manual,
            Step = trainer == "fused" ? FusedNetworkStep.Kind : StepKind.Readable,
            Loss = Loss.SumSquared,
        };
        using var gen = new Generator(5);
        Dictionary<string, Tensor> Uniform(BackpropModel m) =>
            m.named_parameters().ToDictionary(p => p.name, p => rand(p.parameter.shape, dtype: ScalarType.Float64, generator: gen).Minus(0.5));
        switch (scenario)
        {
            case "gradual":
            case "gradual-shuffled":
            {
                // A linear output layer with too large a step: the error grows geometrically until it overflows, dozens of epochs in.
                var model = ModelSpec.Network(2, 4, 1, Activation.Sigmoid, Activation.Identity).Build();
                model.SetParameters(Uniform(model));
                var data = Dataset.FromArrays(
                    new double[,] { { 1, 2 }, { -1, 0.5 }, { 0.3, -2 }, { 2, 2 }, { -1.5, 1 }, { 0, -1 }, { 1, 1 }, { -2, -1 } },
                    new double[,] { { 1 }, { -1 }, { 2 }, { 0.5 }, { 0 }, { 1.5 }, { -2 }, { 3 } });
                return (model, data, options with { LearningRate = 1.2, BatchSize = 3, Shuffle = scenario == "gradual-shuffled", Seed = 11 });
            }
            case "full-batch":
            {
                // One batch per epoch: the first step is finite, the second overflows, so the bad loss is an epoch's first step.
                var model = ModelSpec.Network(1, 3, 1, Activation.Relu).Build();
                model.SetParameters(Uniform(model));
                var data = Dataset.FromArrays(new double[,] { { 1 }, { 2 }, { 3 }, { 4 } }, new double[,] { { 1 }, { 2 }, { 3 }, { 4 } });
                return (model, data, options with { LearningRate = 1e200, BatchSize = 4 });
            }
            case "saturated":
            {
                // The first step drives the hidden weights to −∞; the sigmoid saturates, so every later loss is finite.
                var model = ModelSpec.Network(1, 3, 1, Activation.Sigmoid, null, hiddenBias: false, outputBias: false).Build();
                model.SetParameters(new Dictionary<string, Tensor>
                {
                    ["hidden.weight"] = zeros(3, 1, dtype: ScalarType.Float64),
                    ["output.weight"] = ones(1, 3, dtype: ScalarType.Float64),
                });
                var data = Dataset.FromArrays(new double[,] { { 1e6 }, { 2e6 } }, new double[,] { { 0 }, { 0.1 } });
                return (model, data, options with { LearningRate = 1e306, BatchSize = 1, Loss = Loss.HalfSumSquared });
            }
            default:
                throw new ArgumentException(scenario);
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void DivergenceStopsTrainingAndKeepsTheLastFiniteWeights(string scenario, string trainer)
    {
        using var scope = NewDisposeScope();
        var (model, data, options) = Scenario(scenario, trainer);
        var initial = Weights(model);
        var afterEpoch = new List<Dictionary<string, Tensor>>();
        options = options with { OnEpoch = e => afterEpoch.Add(Weights(e.Model)) };

        var e = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(model, data, options));

        // The message names the epoch and the step, counted from 1.
        Assert.Contains($"epoch {e.Epoch + 1}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(e.Epoch, afterEpoch.Count);
        Assert.Equal(e.Epoch, e.History.EpochLosses.Count);
        Assert.All(e.History.StepLosses, v => Assert.True(double.IsFinite(v)));

        // The model holds exactly the weights from the start of the kept epoch, and they are finite.
        var expected = e.KeptEpoch == 0 ? initial : afterEpoch[e.KeptEpoch - 1];
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.True(p.detach().isfinite().all().item<bool>(), $"{name} is not finite after the divergence");
            Assert.True(p.detach().eq(expected[name]).all().item<bool>(), $"{name} is not the weights of the start of epoch {e.KeptEpoch + 1}");
        }

        // They are the last whose loss was finite: the start of the diverging epoch, unless the bad loss was that epoch's first step.
        if (double.IsNaN(e.Loss))
        {
            Assert.Contains("weights became NaN or infinite", e.Message, StringComparison.Ordinal);
            Assert.Equal(e.Epoch, e.KeptEpoch);
        }
        else
        {
            Assert.False(double.IsFinite(e.Loss));
            Assert.Contains($"step {e.Batch + 1} of that epoch", e.Message, StringComparison.Ordinal);
            Assert.Equal(e.Batch == 0 && e.Epoch > 0 ? e.Epoch - 1 : e.Epoch, e.KeptEpoch);
            Assert.Contains($"weights from the start of epoch {e.KeptEpoch + 1}", e.Message, StringComparison.Ordinal);
        }
        using (no_grad())
        {
            double loss = options.Loss.Value(model.forward(data.X), data.Y).item<double>();
            Assert.True(double.IsFinite(loss), $"the kept weights give loss {loss}");
        }

        switch (scenario)
        {
            case "gradual" or "gradual-shuffled":
                Assert.True(e.Epoch >= 10, $"diverged at epoch {e.Epoch + 1}: the scenario should take a while");
                break;
            case "full-batch":
                Assert.Equal((1, 0, 0), (e.Epoch, e.Batch, e.KeptEpoch));
                break;
            case "saturated":
                Assert.True(double.IsNaN(e.Loss), e.Message);
                Assert.Equal(0, e.Epoch);
                break;
        }
    }

    /// <summary>The fused step keeps its own packed weights: after a divergence a new Fit starts from the restored ones, not from its copy.</summary>
    [Fact]
    public void TrainingCanGoOnFromTheKeptWeightsWithASmallerRate()
    {
        using var scope = NewDisposeScope();
        var (model, data, options) = Scenario("gradual", "fused");
        var e = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(model, data, options));
        var kept = Weights(model);
        var history = Trainer.Fit(model, data, options with { LearningRate = 1e-3, Epochs = 3 });
        Assert.Equal(3, history.EpochLosses.Count);
        Assert.All(history.StepLosses, v => Assert.True(double.IsFinite(v)));
        // The first loss of the new run is measured at the kept weights.
        using (no_grad())
        {
            var (x, y) = data.Batches(options.BatchSize)[0];
            var fresh = ModelSpec.Network(2, 4, 1, Activation.Sigmoid, Activation.Identity).Build();
            fresh.SetParameters(kept);
            Assert.Equal(options.Loss.Value(fresh.forward(x), y).item<double>(), history.StepLosses[0], 9);
        }
        Assert.True(e.Epoch > 0);
    }

    private static Dictionary<string, Tensor> Weights(BackpropModel model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone().DetachFromDisposeScope());
}

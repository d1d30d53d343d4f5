using SigmoidTorch.Data;
using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Training;

public class TrainerTests
{
    internal static (TwoLayerNetwork Net, Dataset Data) Problem()
    {
        using var gen = new TorchSharp.torch.Generator(11);
        var x = rand(new long[] { 13, 2 }, dtype: ScalarType.Float64, generator: gen);
        var net = new TwoLayerNetwork(2, 4, 1, Activation.Sigmoid);
        net.SetParameters(net.named_parameters().ToDictionary(p => p.name, p => rand(p.parameter.shape, dtype: ScalarType.Float64, generator: gen).Minus(0.5)));
        return (net, new Dataset(x, (x[.., 0..1] * x[.., 1..2]).sigmoid()));
    }

    [Fact]
    public void ShuffledTrainingIsDeterministicForASeedOnCpu()
    {
        var (a, data) = Problem();
        var (b, _) = Problem();
        var options = new TrainingOptions { Epochs = 20, BatchSize = 3, LearningRate = 0.5, Shuffle = true, Seed = 42 };
        var ha = Trainer.Fit(a, data, options);
        var hb = Trainer.Fit(b, data, options);
        Assert.Equal(ha.StepLosses, hb.StepLosses);
        var (c, _) = Problem();
        var hc = Trainer.Fit(c, data, options with { Seed = 43 });
        Assert.NotEqual(ha.StepLosses, hc.StepLosses);
    }

    [Fact]
    public void EpochLossIsTheMeanOfItsStepLossesAndBatchesComeInOrder()
    {
        var (net, data) = Problem();
        var history = Trainer.Fit(net, data, new TrainingOptions { Epochs = 3, BatchSize = 4, LearningRate = 0.1 });
        Assert.Equal(12, history.StepLosses.Count);   // 13 rows in batches of 4: 4 steps an epoch
        for (int e = 0; e < 3; e++)
            Assert.Equal(history.StepLosses.Skip(4 * e).Take(4).Average(), history.EpochLosses[e], 15);
    }

    [Fact]
    public void CallbacksSeeEveryStepAndEpochAndMaxStepsStops()
    {
        var (net, data) = Problem();
        var steps = new List<int>();
        var epochs = new List<int>();
        var history = Trainer.Fit(net, data, new TrainingOptions
        {
            Epochs = 10, BatchSize = 5, MaxSteps = 7,
            OnStep = s => steps.Add(s.Step), OnEpoch = e => epochs.Add(e.Epoch),
        });
        Assert.Equal(Enumerable.Range(1, 7), steps);
        Assert.Equal(new[] { 0, 1, 2 }, epochs);       // 3 batches an epoch: 3 + 3 + 1 steps
        Assert.Equal(7, history.StepLosses.Count);
    }

    [Fact]
    public void StartingWeightsAreApplied()
    {
        var (net, data) = Problem();
        var start = net.named_parameters().ToDictionary(p => p.name, p => zeros_like(p.parameter));
        var history = Trainer.Fit(net, data, new TrainingOptions { Epochs = 1, BatchSize = 13, InitialParameters = start, Loss = Loss.MeanSquared });
        // With every weight 0 the network outputs σ(0) = 0.5 for every row.
        double expected = 0.5.Minus(data.Y).Squared().mean().item<double>();
        Assert.Equal(expected, history.StepLosses[0], 14);
    }

    /// <summary>The fused step exists for the manual trainer of a network on a squared error, and runs exactly where it exists and is asked for.</summary>
    [Theory]
    [InlineData("mlp", "manual", "mse", true, true, true)]
    [InlineData("mlp", "manual", "mse", true, false, false)]
    [InlineData("mlp", "autograd", "mse", false, true, false)]
    [InlineData("deep", "manual", "quadratic", true, true, true)]
    [InlineData("deep", "manual", "quadratic", true, false, false)]
    [InlineData("deep", "manual", "bce", false, true, false)]
    [InlineData("deep", "autograd", "quadratic", false, true, false)]
    [InlineData("neuron", "manual", "mse", false, true, false)]
    [InlineData("neuron", "autograd", "mse", false, true, false)]
    public void TheFusedStepRunsWhereThereIsOneAndItIsAskedFor(string kind, string trainer, string loss, bool hasFused, bool fused, bool expected)
    {
        using var scope = NewDisposeScope();
        ModelSpec spec = kind switch
        {
            "neuron" => ModelSpec.Neuron(2),
            "mlp" => ModelSpec.Network(2, 3, 1, Activation.Sigmoid),
            _ => ModelSpec.Deep([2, 3, 3, 1], Activation.Sigmoid),
        };
        var trainerKind = trainer == "autograd" ? TrainerKind.Autograd : TrainerKind.Manual;
        using var model = spec.Build();
        var options = new TrainingOptions { Trainer = trainerKind, Step = fused ? FusedNetworkStep.Kind : StepKind.Readable, Loss = Loss.Parse(loss) };
        var step = options.Step.Create(model, options);
        (step as IDisposable)?.Dispose();
        Assert.Equal(expected, step is FusedNetworkStep);
        Assert.Equal(hasFused, FusedNetworkStep.Kind.Has(spec, trainerKind, options.Loss, options.Loss));
    }

    /// <summary>GradCheck's comparison passes across sizes its flags allow (float64).</summary>
    [Theory]
    [InlineData("neuron", 1, 0, 1, "sigmoid", "same", "mse", 1, true)]
    [InlineData("neuron", 5, 0, 1, "sigmoid", "same", "half-sse", 9, false)]
    [InlineData("mlp", 1, 1, 1, "tanh", "same", "sse", 2, true)]
    [InlineData("mlp", 3, 8, 2, "relu", "identity", "mse", 5, true)]
    [InlineData("mlp", 2, 16, 3, "sigmoid", "identity", "half-sse", 11, false)]
    [InlineData("mlp", 4, 3, 4, "tanh", "identity", "mse", 6, false)]
    public void GradCheckPassesAcrossSizes(string kind, int inputs, int hidden, int outputs, string activation, string output, string loss, int batch, bool bias)
    {
        using var scope = NewDisposeScope();
        var f = Activation.Parse(activation);
        ModelSpec spec = kind == "neuron" ? ModelSpec.Neuron(inputs, bias) : ModelSpec.Network(inputs, hidden, outputs, f, output == "same" ? f : Activation.Identity, bias, bias);
        manual_seed(3);
        using var net = spec.Build();
        var x = rand(batch, inputs, dtype: ScalarType.Float64).Times(4).Minus(2);
        var y = rand(batch, outputs, dtype: ScalarType.Float64);
        var checks = GradientCheck.Compare(net, x, y, Loss.Parse(loss));
        Assert.All(checks, c => Assert.True(c.Pass, $"{spec} {c.Name}: abs {c.MaxAbsError:E2} rel {c.MaxRelError:E2} fd {c.FiniteDifferenceRelError:E2}"));
        Assert.Equal(net.named_parameters().Count(), checks.Count);
    }
}

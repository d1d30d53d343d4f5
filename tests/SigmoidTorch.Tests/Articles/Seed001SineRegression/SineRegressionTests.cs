using SigmoidTorch.Articles;
using SigmoidTorch.Articles.Seed001SineRegression;
using SigmoidTorch.Functions;
using SigmoidTorch.Tests.Infrastructure;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Articles.Seed001SineRegression;

[Trait(Digits.Trait, Digits.Printed)]
public class SineRegressionTests
{
    public static TheoryData<string, string> Activations => new()
    {
        { "sigmoid", "manual" }, { "tanh", "manual" }, { "relu", "manual" }, { "sigmoid", "autograd" },
    };

    /// <summary>
    /// Seed 001's property: from the same starting weights, the manual trainer in float64 follows the article's
    /// program step for step; its loss history agrees to 1e-9 relative with the scalar re-implementation.
    /// </summary>
    [Theory, MemberData(nameof(Activations))]
    public void LossHistoryFollowsTheArticleStepForStep(string activation, string trainer)
    {
        var config = new SineRegressionConfig
        {
            Activation = Activation.Parse(activation),
            Epochs = 300,
            Trainer = trainer == "manual" ? TrainerKind.Manual : TrainerKind.Autograd,
            Seed = 3,
        };
        using var scope = NewDisposeScope();
        var model = SineRegression.CreateModel(config, ScalarType.Float64, CPU);
        var start = SineRegression.InitialWeights(SineRegression.Spec(config), config.Init, config.Seed);
        model.SetParameters(start);
        var article = ArticleLayout.Export(model, WeightLayout.HiddenOutput).ToDictionary(a => a.Name);

        var result = SineRegression.Run(config, ScalarType.Float64, CPU, start);

        double[] x = SineRegression.Inputs(config);
        var fRange = SineRegression.FunctionRange(config, x.Select(Math.Sin).ToArray());
        var aRange = SineRegression.TargetRange(config);
        double[] y = x.Select(v => SineRegression.Normalise(Math.Sin(v), fRange, aRange)).ToArray();
        Func<double, double> f = activation switch { "sigmoid" => v => 1 / (1 + Math.Exp(-v)), "tanh" => Math.Tanh, _ => v => v * (v > 0 ? 1 : 0) };
        Func<double, double> fPrime = activation switch { "sigmoid" => a => a * (1 - a), "tanh" => a => 1 - a * a, _ => a => a > 0 ? 1 : 0 };
        var expected = ScalarSineRegression.LossHistory(x, y, article["Wh"].ToMatrix(), article["Wz"].ToMatrix(), config.Epochs, config.BatchSize,
                                                        config.EffectiveLearningRate, f, fPrime);

        Assert.Equal(expected.Count, result.History.EpochLosses.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(result.History.EpochLosses[i] - expected[i]) <= 1e-9 * Math.Abs(expected[i]),
                $"epoch {i}: {result.History.EpochLosses[i]:R} vs article {expected[i]:R}");
        Assert.True(expected[^1] < expected[0], "the run should learn something");
    }

    [Fact]
    public void ArticleDefaultsAndQuirksAreKept()
    {
        var config = new SineRegressionConfig();
        Assert.Equal(32, config.PointCount);
        Assert.Equal(0.45, config.EffectiveLearningRate);
        Assert.Equal((0.0, -1.0), SineRegression.TargetRange(config with { Activation = Activation.Tanh }));
        Assert.Equal((-1.0, 1.0), SineRegression.TargetRange(config with { Activation = Activation.Tanh, FixTanhRange = true }));
        Assert.Equal((0.0, 6.28), SineRegression.TargetRange(config with { Activation = Activation.Relu }));
        Assert.Equal(0.005, (config with { Activation = Activation.Tanh }).EffectiveLearningRate);
        Assert.Equal(0.0005, (config with { Activation = Activation.Relu }).EffectiveLearningRate);
        double[] x = SineRegression.Inputs(config);
        Assert.Equal(0.0, x[0]);
        Assert.Equal(6.28, x[^1]);
        Assert.Equal(6.28 / 31, x[1] - x[0], 12);
        // De-normalising undoes normalising, for every activation's range, the article's tanh quirk included.
        foreach (var a in new[] { (0.0, 1.0), (0.0, -1.0), (0.0, 6.28), (-1.0, 1.0) })
            Assert.Equal(0.3, SineRegression.Denormalise(SineRegression.Normalise(0.3, (-1, 1), a), (-1, 1), a), 12);
    }

    /// <summary>
    /// The default run fits the sine, as the article's picture shows: its test error is under 0.01 (a constant 0 would
    /// score 0.5, and the runs that stall with the trough of the sine missed score about 0.04), with no dead unit.
    /// </summary>
    [Fact]
    public void DefaultSigmoidRunFitsTheSine()
    {
        var config = new SineRegressionConfig();
        Assert.Equal(SineRegressionConfig.DefaultSeed, config.Seed);
        var result = SineRegression.Run(config, ScalarType.Float64, CPU);
        Assert.Equal(3000, result.History.EpochLosses.Count);
        Assert.True(result.History.FinalLoss < 0.01, $"final loss {result.History.FinalLoss}");
        Assert.True(result.TestMse < 0.01, $"test mse {result.TestMse}");
        Assert.True(result.DeadUnits.None, result.DeadUnits.ToString());
        Assert.Contains("[ 2 5 1 ] Activation: sigmoid Iterations: 3000 Learning rate: 0.45 Final loss: ", SineRegression.StatsLine(config, result));
    }

    /// <summary>The default seed's starting weights also train with tanh and ReLU: the loss falls and the output unit lives.</summary>
    [Theory, InlineData("tanh"), InlineData("relu")]
    public void DefaultSeedAlsoTrainsTheOtherActivations(string activation)
    {
        var config = new SineRegressionConfig { Activation = Activation.Parse(activation) };
        var result = SineRegression.Run(config, ScalarType.Float64, CPU);
        Assert.Empty(result.DeadUnits.Output);
        Assert.True(result.History.FinalLoss < result.History.EpochLosses[0] / 2, $"loss {result.History.EpochLosses[0]} → {result.History.FinalLoss}");
    }

    /// <summary>
    /// A ReLU run whose step is far too large (lr 5) kills the output unit at once: the loss stays at one value, and
    /// the result says which units are dead.
    /// </summary>
    [Fact]
    public void AReluRunWhoseUnitsDieSaysSo()
    {
        var config = new SineRegressionConfig { Activation = Activation.Relu, LearningRate = 5, Epochs = 50 };
        var result = SineRegression.Run(config, ScalarType.Float64, CPU);
        Assert.Equal([0], result.DeadUnits.Output);
        Assert.Equal(result.History.EpochLosses[^1], result.History.EpochLosses[^10]);
        Assert.Equal("the output unit is dead: relu'(a) is 0 at every input, so no gradient flows through the network at all", result.DeadUnits.ToString());
    }

}

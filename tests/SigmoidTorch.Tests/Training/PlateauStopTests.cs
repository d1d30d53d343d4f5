using SigmoidTorch.Data;
using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Training;

public class PlateauStopTests
{
    private static readonly PlateauStop Rule = new(Window: 3, MinDecrease: 0.1);

    [Fact]
    public void ALossStillFallingByTheMarginGoesOn()
    {
        // Each window's mean is half the one before.
        Assert.Null(Rule.Check([8, 8, 8, 4, 4, 4]));
        Assert.Null(Rule.Check([8, 8, 8, 4, 4, 4, 2, 2, 2]));
    }

    [Fact]
    public void FewerThanTwoWindowsCannotJudge() => Assert.Null(Rule.Check([5, 5, 5, 5, 5]));

    [Fact]
    public void ALossThatFellLessThanTheMarginHasStopped()
    {
        // Means 10 then 9.5: 5% down, less than the 10% asked for. The jitter inside the windows does not matter.
        var plateau = Assert.IsType<Plateau>(Rule.Check([20, 20, 12, 11, 10, 9, 9.5, 9.5, 9.5]));
        Assert.Equal(9, plateau.Epochs);
        Assert.Equal(10, plateau.EarlierMean, 12);
        Assert.Equal(9.5, plateau.RecentMean, 12);
        Assert.Equal("the loss stopped falling (its mean over epochs 7–9, 9.5, is not 10% below its mean over epochs 4–6, 10)", plateau.ToString());
        Assert.NotNull(Rule.Check([1, 1, 1, 2, 2, 2]));   // a rising loss has stopped falling too
    }

    [Theory]
    [InlineData(0, 0.01, "the plateau window must be at least 1 epoch, got 0")]
    [InlineData(5, 1.0, "least decrease must be a fraction in [0, 1), got 1")]
    [InlineData(5, -0.1, "got -0.1")]
    [InlineData(5, double.NaN, "got NaN")]
    public void BadRulesAreRefusedBeforeTraining(int window, double decrease, string message)
    {
        var (net, data) = Problem();
        var e = Assert.Throws<SigmoidTorchException>(() => Trainer.Fit(net, data, new TrainingOptions { StopOnPlateau = new PlateauStop(window, decrease) }));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FitStopsAfterTheEpochWhereTheLossStoppedFalling()
    {
        // A step so small that the loss does not move: flat from the start, so the run stops after two windows.
        var (net, data) = Problem();
        var seen = new List<int>();
        var history = Trainer.Fit(net, data, new TrainingOptions
        {
            Epochs = 100, BatchSize = 4, LearningRate = 1e-12, StopOnPlateau = new PlateauStop(5, 0.01), OnEpoch = e => seen.Add(e.Epoch),
        });
        Assert.Equal(10, history.EpochLosses.Count);
        Assert.Equal(Enumerable.Range(0, 10), seen);
        Assert.Equal(10, Assert.IsType<Plateau>(history.Plateau).Epochs);

        // Without the rule every epoch runs, and the history says no plateau stopped it.
        var (again, _) = Problem();
        var all = Trainer.Fit(again, data, new TrainingOptions { Epochs = 30, BatchSize = 4, LearningRate = 1e-12 });
        Assert.Equal(30, all.EpochLosses.Count);
        Assert.Null(all.Plateau);
    }

    [Fact]
    public void FitRunsOnWhileTheLossFalls()
    {
        var (net, data) = Problem();
        var history = Trainer.Fit(net, data, new TrainingOptions { Epochs = 40, BatchSize = 13, LearningRate = 2, StopOnPlateau = new PlateauStop(5, 0.001) });
        Assert.True(history.Plateau is null || history.EpochLosses.Count >= 10);
        Assert.True(history.EpochLosses[^1] < history.EpochLosses[0], "the loss should fall");
    }

    private static (TwoLayerNetwork Net, Dataset Data) Problem()
    {
        using var gen = new Generator(5);
        var x = rand(new long[] { 13, 2 }, dtype: ScalarType.Float64, generator: gen);
        var net = new TwoLayerNetwork(2, 4, 1, Activation.Sigmoid);
        net.SetParameters(net.named_parameters().ToDictionary(p => p.name, p => rand(p.parameter.shape, dtype: ScalarType.Float64, generator: gen).Minus(0.5)));
        return (net, new Dataset(x, x[.., 0..1].Plus(x[.., 1..2]).sigmoid()));
    }
}

using SigmoidTorch.Articles.Seed001SineRegression;
using SigmoidTorch.Functions;
using SigmoidTorch.Tests.Infrastructure;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Articles.Seed001SineRegression;

[Trait(Digits.Trait, Digits.Printed)]
public class SineRegressionSweepTests
{
    /// <summary>
    /// The sweep's two steps train the same networks: all at once (fused) and one after another through Trainer.Fit
    /// (readable) end each network at the same loss, and a network that diverges does so in the same epoch.
    /// </summary>
    [Theory]
    [InlineData("manual")]
    [InlineData("autograd")]
    public void AllAtOnceAndOneAfterAnotherEndTheSame(string trainer)
    {
        var config = new SineRegressionConfig
        {
            Activation = Activation.Relu,
            Epochs = 40,
            Trainer = trainer == "manual" ? TrainerKind.Manual : TrainerKind.Autograd,
        };
        double[] rates = { 0.0005, 0.002, 1e100 };                       // the last overflows at the second step
        long[] seeds = { 1, 2 };
        var progress = new List<long>();
        var (fused, _) = SineRegressionSweep.Run(config, rates, seeds, ScalarType.Float64, CPU);
        var readableConfig = config with { Step = StepKind.Readable };
        var (readable, _) = SineRegressionSweep.Run(readableConfig, rates, seeds, ScalarType.Float64, CPU, progress.Add);

        Assert.Equal(rates.Length * seeds.Length, readable.Count);
        for (int i = 0; i < fused.Count; i++)
        {
            Assert.Equal((fused[i].LearningRate, fused[i].Seed, fused[i].DivergedAtEpoch), (readable[i].LearningRate, readable[i].Seed, readable[i].DivergedAtEpoch));
            if (fused[i].DivergedAtEpoch is null)
                Assert.True(Math.Abs(fused[i].FinalLoss - readable[i].FinalLoss) <= 1e-10 * fused[i].FinalLoss,
                    $"lr {fused[i].LearningRate}, seed {fused[i].Seed}: {fused[i].FinalLoss:R} all at once, {readable[i].FinalLoss:R} one after another");
            else
                Assert.True(double.IsNaN(readable[i].FinalLoss));
        }
        Assert.Contains(readable, c => c.DivergedAtEpoch is not null);
        Assert.Contains(readable, c => c.DivergedAtEpoch is null);
        Assert.Equal(SineRegressionSweep.Work(readableConfig, readable.Count), progress[^1]);
        Assert.Equal(progress.Order(), progress);
    }
}

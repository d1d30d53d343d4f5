using System.Text.Json;
using SigmoidTorch.Articles;
using SigmoidTorch.Fast;
using SigmoidTorch.Models;
using SigmoidTorch.Tests.Infrastructure;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Articles.Seed002Digits;

/// <summary>
/// Seed 002 with Nielsen's chapter 1: the built-in digits and their split, the accuracy of the default run, and
/// network.py's update rule followed step for step (against a numpy program of it, where python3 has numpy).
/// </summary>
[Trait(Digits.Trait, Digits.Printed)]
public class DigitClassifierTests
{
    [Fact]
    public void TheSplitTestsEveryLineWhoseIndexLeavesFiveModuloSix()
    {
        var all = DigitData.Load();
        var (train, test) = DigitData.Split(all);
        Assert.Equal(1797, all.Count);
        Assert.Equal((1498, 299), (train.Count, test.Count));
        Assert.All(test.Rows, row => Assert.Equal(5, row % 6));
        Assert.DoesNotContain(train.Rows, row => row % 6 == 5);
        Assert.True(train.Rows.SequenceEqual(train.Rows.Order()) && test.Rows.SequenceEqual(test.Rows.Order()), "both in file order");
        // Every digit is in both sets, and the pixels are 0–16 with both ends used.
        Assert.Equal(Enumerable.Range(0, 10), train.Labels.Distinct().Order());
        Assert.Equal(Enumerable.Range(0, 10), test.Labels.Distinct().Order());
        var pixels = all.Pixels.Cast<double>().ToList();
        Assert.Equal((0.0, 16.0), (pixels.Min(), pixels.Max()));
        // The file's first line (an 0, scikit-learn's digits.images[0]) as the data set holds it.
        Assert.Equal(0, all.Labels[0]);
        Assert.Equal(new double[] { 0, 0, 5, 13, 9, 1, 0, 0 }, all.Image(0)[..8]);
    }

    [Fact]
    public void TheDefaultRunReadsAtLeast95PercentOfTheTestDigits()
    {
        using var scope = NewDisposeScope();
        var (train, test) = DigitData.Split(DigitData.Load());
        var outcome = DigitClassifier.Run(new DigitClassifierConfig(), train, test, ScalarType.Float64, CPU);
        Assert.Equal(30, outcome.CorrectPerEpoch.Count);
        Assert.Equal(outcome.TestCorrect, outcome.CorrectPerEpoch[^1]);
        Assert.True(outcome.TestAccuracy >= 0.95, $"test accuracy {outcome.TestAccuracy:F4} ({outcome.TestCorrect}/299)");
        Assert.Equal(299 - outcome.TestCorrect, outcome.Misread.Count);
        Assert.Equal(299, outcome.Confusion.Cast<int>().Sum());
        Assert.All(outcome.Misread, m => Assert.NotEqual(m.Label, m.Predicted));
    }

    /// <summary>
    /// From the same starting weights, in file order, float64: the hand-written trainer (fused and readable steps) and autograd follow network.py's
    /// rule (w −= (η/m)·Σ over the batch) step for step, as a numpy program of it computes it — equal correct counts after
    /// every epoch and final weights equal to 1e-9 relative, for each of the three costs.
    /// </summary>
    [Theory]
    [InlineData("quadratic", "fused")]
    [InlineData("quadratic", "readable")]
    [InlineData("quadratic", "autograd")]
    [InlineData("cross-entropy", "readable")]
    [InlineData("softmax-ce", "readable")]
    public void TheTrainersFollowNetworkPyStepForStep(string cost, string trainer)
    {
        string python = NumpyPython.Path ?? "";
        Assert.SkipWhen(python.Length == 0, NumpyPython.Missing);
        string dir = Directory.CreateTempSubdirectory("sigmoidtorch-digits-").FullName;
        try
        {
            using var scope = NewDisposeScope();
            var config = new DigitClassifierConfig
            {
                Loss = DigitClassifier.Costs[cost],
                LearningRate = cost == "quadratic" ? 3.0 : 0.5,
                Shuffle = false,
                Trainer = trainer == "autograd" ? TrainerKind.Autograd : TrainerKind.Manual,
                Step = trainer == "fused" ? FusedNetworkStep.Kind : StepKind.Readable,
            };
            var spec = DigitClassifier.Spec(config);
            using var start = (DeepNetwork)spec.Build();
            start.SetParameters(DigitClassifier.InitialWeights(spec, 5));
            var (weights, biases) = NetworkPyWeights.Export(start);
            File.WriteAllText(Path.Combine(dir, "start.json"), JsonSerializer.Serialize(new { weights, biases }));
            using (var data = File.Create(Path.Combine(dir, "digits.csv.gz")))
            using (var shipped = DigitData.OpenCompressed())
                shipped.CopyTo(data);

            var run = NumpyPython.Run(python, [Path.Combine(AppContext.BaseDirectory, "digits_numpy.py"), Path.Combine(dir, "digits.csv.gz"), Path.Combine(dir, "start.json"),
                $"{config.Epochs}", $"{config.BatchSize}", $"{config.LearningRate}", cost, "1", Path.Combine(dir, "final.json")]);
            Assert.True(run.ExitCode == 0, $"digits_numpy.py failed: {run.Stderr}");
            var numpyHistory = JsonDocument.Parse(run.Stdout.Trim()).RootElement.GetProperty("accuracy_history").EnumerateArray().Select(e => e.GetInt32()).ToList();
            using var final = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "final.json")));

            var (train, test) = DigitData.Split(DigitData.Load());
            var startWeights = NetworkPyWeights.Parse(File.ReadAllText(Path.Combine(dir, "start.json")), spec, "start.json", ScalarType.Float64, CPU);
            var outcome = DigitClassifier.Run(config, train, test, ScalarType.Float64, CPU, startWeights);

            Assert.Equal(numpyHistory, outcome.CorrectPerEpoch);
            var (ours, ourBiases) = NetworkPyWeights.Export(outcome.Model);
            double worst = 0;
            foreach (var (key, mine) in new[] { ("weights", ours), ("biases", ourBiases) })
            {
                var theirs = final.RootElement.GetProperty(key).EnumerateArray().Select(m => m.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray()).ToArray();
                for (int l = 0; l < mine.Length; l++)
                    for (int r = 0; r < mine[l].Length; r++)
                        for (int c = 0; c < mine[l][r].Length; c++)
                            worst = Math.Max(worst, Math.Abs(mine[l][r][c] - theirs[l][r][c]) / Math.Max(Math.Abs(theirs[l][r][c]), 1e-300));
            }
            Assert.True(worst <= 1e-9, $"{cost}, {trainer}: the final weights differ from numpy's by {worst:E2} relative");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static TheoryData<string, string, string> BadLines => new()
    {
        { "a label of 10", string.Join(',', Enumerable.Repeat("0", 64)) + ",10", "line 1: the label is 10, outside 0 to 9" },
        { "a negative label", string.Join(',', Enumerable.Repeat("0", 64)) + ",-1", "the label is -1" },
        { "a pixel of 17", "17," + string.Join(',', Enumerable.Repeat("0", 63)) + ",3", "pixel 1 is 17, outside 0 to 16" },
        { "63 pixels", string.Join(',', Enumerable.Repeat("0", 63)) + ",3", "64 values, expected 64 pixels and a label" },
        { "a pixel that is not a whole number", "1.5," + string.Join(',', Enumerable.Repeat("0", 63)) + ",3", "value 1, '1.5', is not a whole number" },
        { "no line at all", "", "holds no images" },
    };

    [Theory, MemberData(nameof(BadLines))]
    public void BadDigitDataIsRefusedWithTheLine(string what, string text, string says)
    {
        var e = Assert.Throws<SigmoidTorchException>(() => DigitData.Parse(new StringReader(text), "digits.csv"));
        Assert.True(e.Message.Contains(says, StringComparison.Ordinal), $"{what}: {e.Message}");
    }

    public static TheoryData<int[], string> BadLayers => new()
    {
        { [64], "at least two layer sizes" },
        { [32, 30, 10], "the first layer size must be 64" },
        { [64, 30, 9], "the last layer size must be 10" },
        { [64, 0, 10], "every layer needs at least one unit" },
    };

    [Theory, MemberData(nameof(BadLayers))]
    public void LayersThatDoNotFitTheDigitsAreRefused(int[] layers, string says)
    {
        var e = Assert.Throws<SigmoidTorchException>(() => DigitClassifier.CheckSizes(new DigitClassifierConfig { Layers = layers }));
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }
}

using SigmoidTorch.Articles;
using SigmoidTorch.Articles.Seed000SigmoidNeuronTraining;
using SigmoidTorch.Models;
using SigmoidTorch.Tests.Infrastructure;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Articles.Seed000SigmoidNeuronTraining;

[Trait(Digits.Trait, Digits.Printed)]
public class SigmoidNeuronTrainingTests
{
    /// <summary>
    /// The article's program with plain doubles: <c>fit</c> on one input makes one update with
    /// grad_w = (ŷ − y)·ŷ·(1 − ŷ)·x and grad_b = (ŷ − y)·ŷ·(1 − ŷ), and the outer loop feeds the inputs in turn.
    /// Returns (w1, w2, b) after every update.
    /// </summary>
    private static List<(double W1, double W2, double B)> ArticleLoop(double w1, double w2, double b, double lr, int frames)
    {
        double[,] x = SigmoidNeuronTraining.ToyX(), y = SigmoidNeuronTraining.ToyY();
        var after = new List<(double, double, double)>();
        for (int t = 0; t < frames; t++)
        {
            int i = t % x.GetLength(0);
            double yhat = 1 / (1 + Math.Exp(-(w1 * x[i, 0] + w2 * x[i, 1] + b)));
            double common = (yhat - y[i, 0]) * yhat * (1 - yhat);
            w1 -= lr * common * x[i, 0];
            w2 -= lr * common * x[i, 1];
            b -= lr * common;
            after.Add((w1, w2, b));
        }
        return after;
    }

    private static double ArticleSetLoss((double W1, double W2, double B) p)
    {
        double[,] x = SigmoidNeuronTraining.ToyX(), y = SigmoidNeuronTraining.ToyY();
        return Enumerable.Range(0, 6).Select(i => Math.Pow(1 / (1 + Math.Exp(-(p.W1 * x[i, 0] + p.W2 * x[i, 1] + p.B))) - y[i, 0], 2)).Average();
    }

    private static (double W1, double W2, double B) Weights(SigmoidNeuron model)
    {
        var a = ArticleLayout.Export(model, WeightLayout.WeightBias).ToDictionary(n => n.Name);
        return (a["w"].Data[0], a["w"].Data[1], a["b"].Data[0]);
    }

    private static void Close(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: {actual:R}, expected {expected:R}");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(120)]
    public void EveryUpdateIsOneFrameWithOneLoss(int frames)
    {
        var steps = new List<int>();
        var result = SigmoidNeuronTraining.Run(new SigmoidNeuronTrainingConfig { Frames = frames }, ScalarType.Float64, CPU, onFrame: f => steps.Add(f.Step));
        Assert.Equal(frames, result.LossHistory.Count);
        Assert.Equal(Enumerable.Range(1, frames), steps);
    }

    [Fact]
    public void FirstUpdateAppliesOnlyTheFirstSamplesGradient()
    {
        var result = SigmoidNeuronTraining.Run(new SigmoidNeuronTrainingConfig { Frames = 1 }, ScalarType.Float64, CPU);

        // By hand, with the article's formulas, for sample 0 = ((2.5, 2.5), 1) from the default start.
        double[] w = SigmoidNeuronTraining.DefaultW.ToArray();
        double b = SigmoidNeuronTraining.DefaultB, lr = 0.5;
        double yhat = 1 / (1 + Math.Exp(-(w[0] * 2.5 + w[1] * 2.5 + b)));
        double gradB = (yhat - 1) * yhat * (1 - yhat);
        var (w1, w2, b1) = Weights(result.Model);
        Close(w[0] - lr * gradB * 2.5, w1, 1e-14, "w1");
        Close(w[1] - lr * gradB * 2.5, w2, 1e-14, "w2");
        Close(b - lr * gradB, b1, 1e-14, "b");
        Assert.NotEqual(w[0], w1);   // the update did happen
        Close(ArticleSetLoss((w1, w2, b1)), result.LossHistory[0], 1e-14, "loss on the whole set after update 1");
    }

    [Theory]
    [InlineData(TrainerKind.Manual)]
    [InlineData(TrainerKind.Autograd)]
    public void FollowsTheArticleLoopUpdateForUpdate(TrainerKind trainer)
    {
        var config = new SigmoidNeuronTrainingConfig { Trainer = trainer };
        var seen = new List<(double, double, double)>();
        var result = SigmoidNeuronTraining.Run(config, ScalarType.Float64, CPU, onFrame: f => seen.Add(Weights(f.Model)));
        var expected = ArticleLoop(SigmoidNeuronTraining.DefaultW[0], SigmoidNeuronTraining.DefaultW[1], SigmoidNeuronTraining.DefaultB, config.LearningRate, config.Frames);

        Assert.Equal(expected.Count, seen.Count);
        for (int k = 0; k < expected.Count; k++)
        {
            Close(expected[k].W1, seen[k].Item1, 1e-12, $"w1 after update {k + 1}");
            Close(expected[k].W2, seen[k].Item2, 1e-12, $"w2 after update {k + 1}");
            Close(expected[k].B, seen[k].Item3, 1e-12, $"b after update {k + 1}");
            Close(ArticleSetLoss(expected[k]), result.LossHistory[k], 1e-12, $"loss after update {k + 1}");
        }
    }

    [Fact]
    public void ManualAndAutogradAgree()
    {
        var manual = SigmoidNeuronTraining.Run(new SigmoidNeuronTrainingConfig { Trainer = TrainerKind.Manual, LearningRate = 0.75 }, ScalarType.Float64, CPU);
        var autograd = SigmoidNeuronTraining.Run(new SigmoidNeuronTrainingConfig { Trainer = TrainerKind.Autograd, LearningRate = 0.75 }, ScalarType.Float64, CPU);
        for (int k = 0; k < manual.LossHistory.Count; k++)
            Close(manual.LossHistory[k], autograd.LossHistory[k], 1e-12, $"loss after update {k + 1}");
        var (m, a) = (Weights(manual.Model), Weights(autograd.Model));
        Close(m.W1, a.W1, 1e-12, "w1");
        Close(m.W2, a.W2, 1e-12, "w2");
        Close(m.B, a.B, 1e-12, "b");
    }

    [Fact]
    public void DefaultStartIsWrongEverywhereAndTheDefaultsLearnTheToySet()
    {
        var data = SigmoidNeuronTraining.ToySet(ScalarType.Float64, CPU);
        using var start = SigmoidNeuronTraining.CreateModel(ScalarType.Float64, CPU);
        start.SetParameters(SigmoidNeuronTraining.DefaultStart());
        Assert.Equal(0.0, SigmoidNeuronTraining.Accuracy(start, data));
        double startLoss = SigmoidNeuronTraining.SetLoss(start, data);
        Assert.True(startLoss > 0.75, $"the default start should be badly wrong, loss {startLoss}");

        var result = SigmoidNeuronTraining.Run(new SigmoidNeuronTrainingConfig(), ScalarType.Float64, CPU);
        Assert.Equal(120, result.LossHistory.Count);
        Assert.Equal(1.0, result.Accuracy);
        Assert.True(result.FinalLoss < result.LossHistory[0] / 20, $"loss {result.LossHistory[0]} → {result.FinalLoss}");
        // Decreases overall (single-input updates may raise it for a moment): the mean over every two sweeps of the six
        // inputs is lower than over the two before.
        var blocks = Enumerable.Range(0, 10).Select(k => result.LossHistory.Skip(12 * k).Take(12).Average()).ToList();
        for (int k = 1; k < blocks.Count; k++)
            Assert.True(blocks[k] < blocks[k - 1], $"updates {12 * k + 1}–{12 * k + 12} average {blocks[k]}, the 12 before {blocks[k - 1]}");
    }

    [Fact]
    public void Float32FollowsFloat64()
    {
        var f64 = SigmoidNeuronTraining.Run(new SigmoidNeuronTrainingConfig(), ScalarType.Float64, CPU);
        var f32 = SigmoidNeuronTraining.Run(new SigmoidNeuronTrainingConfig(), ScalarType.Float32, CPU);
        for (int k = 0; k < f64.LossHistory.Count; k++)
            Close(f64.LossHistory[k], f32.LossHistory[k], 1e-4, $"loss after update {k + 1}");
        Assert.Equal(1.0, f32.Accuracy);
    }

    [Fact]
    public void StartingWeightsAreUsed()
    {
        var arrays = new Dictionary<string, SigmoidTorch.Data.NamedArray>
        {
            ["w"] = new("w", new long[] { 2 }, new[] { 0.3, -0.2 }),
            ["b"] = new("b", Array.Empty<long>(), new[] { 0.1 }),
        };
        var start = ArticleLayout.Import(SigmoidNeuronTraining.Spec, ScalarType.Float64, CPU, arrays, WeightLayout.WeightBias, "test");
        var result = SigmoidNeuronTraining.Run(new SigmoidNeuronTrainingConfig { Frames = 9 }, ScalarType.Float64, CPU, start);
        var expected = ArticleLoop(0.3, -0.2, 0.1, 0.5, 9)[^1];
        var actual = Weights(result.Model);
        Close(expected.W1, actual.W1, 1e-12, "w1");
        Close(expected.W2, actual.W2, 1e-12, "w2");
        Close(expected.B, actual.B, 1e-12, "b");
    }

    [Fact]
    public void OutputGridHasTheMeshShapeAndTheNeuronsValues()
    {
        var result = SigmoidNeuronTraining.Run(new SigmoidNeuronTrainingConfig(), ScalarType.Float64, CPU);
        double[] xs = SigmoidNeuronTraining.MeshAxis(-6, 6, 7), ys = SigmoidNeuronTraining.MeshAxis(-6, 6, 5);
        Assert.Equal(new[] { -6.0, -4, -2, 0, 2, 4, 6 }, xs);
        var z = SigmoidNeuronTraining.OutputGrid(result.Model, xs, ys);
        Assert.Equal(ys.Length, z.GetLength(0));
        Assert.Equal(xs.Length, z.GetLength(1));
        var (w1, w2, b) = Weights(result.Model);
        var f = SigmoidNeuronTraining.OutputFunction(result.Model);
        for (int iy = 0; iy < ys.Length; iy++)
            for (int ix = 0; ix < xs.Length; ix++)
            {
                Assert.InRange(z[iy, ix], double.Epsilon, 1 - 1e-12);
                double expected = 1 / (1 + Math.Exp(-(w1 * xs[ix] + w2 * ys[iy] + b)));
                Close(expected, z[iy, ix], 1e-12, $"z[{iy}, {ix}]");
                Close(expected, f(xs[ix], ys[iy]), 1e-12, $"f({xs[ix]}, {ys[iy]})");
            }

        // The full default grid: 100×100, strictly inside (0, 1) at the data's range.
        double[] axis = SigmoidNeuronTraining.MeshAxis(SigmoidNeuronTraining.GridMin, SigmoidNeuronTraining.GridMax, 100);
        var full = SigmoidNeuronTraining.OutputGrid(result.Model, axis, axis);
        Assert.Equal(100, full.GetLength(0));
        Assert.Equal(100, full.GetLength(1));
        Assert.All(full.Cast<double>(), v => Assert.True(v > 0 && v < 1, $"{v} is not in (0, 1)"));
    }

    [Fact]
    public void SigmoidCurveIsTheSigmoid()
    {
        var (z, sigma) = SigmoidNeuronTraining.SigmoidCurve(-10, 10, 21);
        Assert.Equal(21, z.Length);
        for (int i = 0; i < z.Length; i++)
            Close(1 / (1 + Math.Exp(-z[i])), sigma[i], 1e-15, $"σ({z[i]})");
        Assert.Equal(0.5, sigma[10]);
    }
}

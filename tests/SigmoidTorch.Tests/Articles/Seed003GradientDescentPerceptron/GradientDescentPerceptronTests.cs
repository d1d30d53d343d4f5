using SigmoidTorch.Articles;
using SigmoidTorch.Articles.Seed003GradientDescentPerceptron;
using SigmoidTorch.Data;
using SigmoidTorch.Tests.Infrastructure;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Articles.Seed003GradientDescentPerceptron;

[Trait(Digits.Trait, Digits.Printed)]
public class GradientDescentPerceptronTests
{
    private static GradientDescentPerceptronResult Run(string trainer, int iterations, IReadOnlyDictionary<string, Tensor>? start = null) =>
        GradientDescentPerceptron.Run(new GradientDescentPerceptronConfig
        {
            Iterations = iterations,
            Trainer = trainer == "manual" ? TrainerKind.Manual : TrainerKind.Autograd,
        }, ScalarType.Float64, CPU, start);

    /// <summary>The notebook's first step, every printed value to its 8 decimals, and printed the same way.</summary>
    [Theory, InlineData("manual"), InlineData("autograd")]
    public void FirstStepReproducesTheNotebook(string trainer)
    {
        var first = Run(trainer, iterations: 0).FirstStep;

        AssertPrinted(new[] { -0.16595599, 0.44064899 }, first.Weights);
        AssertPrinted(new[] { 0.60841366, 0.60841366, 0.45860596, 0.45860596 }, first.Predictions);
        AssertPrinted(new[] { 0.60841366, 0.60841366, -0.54139404, -0.54139404 }, first.Error);
        AssertPrinted(new[] { -0.2688417, 0.28990482 }, first.Adjustment);
        AssertPrinted(new[] { 0.10288571, 0.15074416 }, first.NewWeights);
        Assert.Equal("[[-0.16595599]\n [ 0.44064899]]", NumpyFormat.Column(first.Weights));
        Assert.Equal("[[0.60841366]\n [0.60841366]\n [0.45860596]\n [0.45860596]]", NumpyFormat.Column(first.Predictions));
        Assert.Equal("[[ 0.60841366]\n [ 0.60841366]\n [-0.54139404]\n [-0.54139404]]", NumpyFormat.Column(first.Error));
        Assert.Equal("[[-0.2688417 ]\n [ 0.28990482]]", NumpyFormat.Column(first.Adjustment));
        Assert.Equal("[[0.10288571]\n [0.15074416]]", NumpyFormat.Column(first.NewWeights));
    }

    /// <summary>After 10,000 more steps: the notebook's printed weights and its last loop's predictions.</summary>
    [Theory, InlineData("manual"), InlineData("autograd")]
    public void TenThousandStepsReproduceTheNotebook(string trainer)
    {
        var result = Run(trainer, iterations: 10000);

        AssertPrinted(new[] { 5.28321694, -5.28316892 }, result.Weights);
        AssertPrinted(new[] { 0.00505094, 0.00505094, 0.99494931, 0.99494931 }, result.Predictions);
        Assert.Equal("[[ 5.28321694]\n [-5.28316892]]", NumpyFormat.Column(result.Weights));
        Assert.Equal("[[0.00505094]\n [0.00505094]\n [0.99494931]\n [0.99494931]]", NumpyFormat.Column(result.Predictions));
        Assert.Equal(10002, result.WeightHistory.Count);
        Assert.Equal(10001, result.History.StepLosses.Count);
        // The printed predictions are those of the weights before the last update, not after it.
        Assert.Equal(result.PredictionHistory[^2], result.Predictions);
        Assert.NotEqual(result.PredictionHistory[^1][0], result.Predictions[0]);
    }

    [Fact]
    public void ManualAndAutogradAgreeStepForStep()
    {
        var manual = Run("manual", iterations: 500);
        var autograd = Run("autograd", iterations: 500);
        for (int k = 0; k < manual.WeightHistory.Count; k++)
            for (int j = 0; j < 2; j++)
                Assert.True(Math.Abs(manual.WeightHistory[k][j] - autograd.WeightHistory[k][j]) <= 1e-12,
                    $"update {k}, w{j + 1}: manual {manual.WeightHistory[k][j]:R}, autograd {autograd.WeightHistory[k][j]:R}");
    }

    /// <summary>From other starting weights (as --init-weights gives them), the run follows the notebook's loop written in scalars.</summary>
    [Fact]
    public void FollowsTheNotebookLoopFromOtherWeights()
    {
        using var scope = NewDisposeScope();
        var arrays = NamedArrays.Parse("""{"synapse_0": [[0.3], [-1.25]]}""", "test");
        var start = ArticleLayout.Import(GradientDescentPerceptron.Spec, ScalarType.Float64, CPU, arrays, WeightLayout.Synapse, "test");

        var result = Run("manual", iterations: 200, start);

        double[,] x = GradientDescentPerceptron.Inputs;
        double[] y = { 0, 0, 1, 1 }, w = { 0.3, -1.25 }, layer1 = new double[4];
        for (int pass = 0; pass < 201; pass++)
        {
            double[] derivative = new double[2];
            for (int i = 0; i < 4; i++)
            {
                layer1[i] = 1 / (1 + Math.Exp(-(x[i, 0] * w[0] + x[i, 1] * w[1])));
                double delta = (layer1[i] - y[i]) * layer1[i] * (1 - layer1[i]);
                derivative[0] += x[i, 0] * delta;
                derivative[1] += x[i, 1] * delta;
            }
            w[0] -= derivative[0];
            w[1] -= derivative[1];
            if (pass == 0) Assert.Equal(new[] { w[0], w[1] }, result.FirstStep.NewWeights, new Tolerance(1e-14));
        }
        Assert.Equal(w, result.Weights, new Tolerance(1e-12));
        Assert.Equal(layer1, result.Predictions, new Tolerance(1e-12));
    }

    [Fact]
    public void WithoutIterationsTheFinalValuesAreTheFirstStepsOwn()
    {
        var result = Run("manual", iterations: 0);
        Assert.Equal(result.FirstStep.NewWeights, result.Weights);
        Assert.Equal(result.FirstStep.Predictions, result.Predictions);
        Assert.Equal(2, result.WeightHistory.Count);
    }

    private static void AssertPrinted(double[] printed, double[] actual)
    {
        Assert.Equal(printed.Length, actual.Length);
        for (int i = 0; i < printed.Length; i++)
            Assert.True(actual[i].ToString("F8") == printed[i].ToString("F8"), $"element {i}: {actual[i]:R} does not print as {printed[i]:R}");
    }

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(double value) => 0;
    }
}

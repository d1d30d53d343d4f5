using SigmoidTorch.Articles.Seed002SigmoidVsPerceptron;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Articles.Seed002SigmoidVsPerceptron;

[Trait(Digits.Trait, Digits.Printed)]
public class SigmoidVsPerceptronTests
{
    public static TheoryData<double[], double, double[], int, int, double> Cases => new()
    {
        // weights, bias, input, weight index, nudges, max nudge
        { new[] { 0.5, -0.8 }, -0.05, new[] { 0.7, 0.3 }, 1, 21, 0.2 },      // the defaults
        { new[] { 0.5, -0.8 }, -0.05, new[] { 0.7, 0.3 }, 2, 101, 0.5 },     // w2, x2 = 0.3: flips at Δ = 0.2
        { new[] { 2.0, -1.0, 0.5 }, 2.6, new[] { -0.9, 1.0, 0.2 }, 1, 400, 1.5 }, // a negative input: z = 0.2 − 0.9·Δ falls as Δ grows
        { new[] { 10.0 }, -20, new[] { 2.0 }, 1, 41, 0.3 },                  // steep: σ moves fast, still within the bound
    };

    /// <summary>
    /// The sigmoid column is continuous: since σ' ≤ 1/4, neighbouring nudges (Δ apart, z then |xᵢ|·Δ apart) change
    /// σ by at most |xᵢ|·Δ/4; the step column changes exactly once, by 1, where the range crosses z = 0.
    /// </summary>
    [Theory, MemberData(nameof(Cases))]
    public void SigmoidIsContinuousAndStepJumpsOnce(double[] weights, double bias, double[] input, int index, int nudges, double max)
    {
        var config = new SigmoidVsPerceptronConfig { Weights = weights, Bias = bias, Input = input, WeightIndex = index, Nudges = nudges, MaxNudge = max };
        var result = SigmoidVsPerceptron.Run(config, ScalarType.Float64, CPU);
        var rows = result.Rows;
        Assert.Equal(nudges, rows.Count);
        double spacing = 2 * max / (nudges - 1);
        double bound = Math.Abs(input[index - 1]) * spacing / 4;
        Assert.Equal(bound, result.SigmoidBound, 12);
        for (int k = 1; k < rows.Count; k++)
        {
            double jump = Math.Abs(rows[k].Sigmoid - rows[k - 1].Sigmoid);
            Assert.True(jump <= bound * (1 + 1e-9), $"σ jumps by {jump} between Δ = {rows[k - 1].Nudge} and {rows[k].Nudge}, bound {bound}");
            Assert.True(jump > 0, "σ is strictly monotone in z, and z moves with every nudge here");
        }
        Assert.True(result.MaxSigmoidJump <= bound * (1 + 1e-9));

        // The range crosses the boundary in every case: z changes sign between the first and last rows.
        Assert.True(rows[0].Z * rows[^1].Z < 0);
        Assert.Equal(1, result.StepJumps);
        int flips = 0;
        for (int k = 1; k < rows.Count; k++)
            if (rows[k].Step != rows[k - 1].Step)
            {
                flips++;
                Assert.Equal(1.0, Math.Abs(rows[k].Step - rows[k - 1].Step));
                // The flip happens between the two nudges that bracket −z₀/xᵢ.
                double flip = result.BoundaryNudge!.Value;
                Assert.InRange(flip, Math.Min(rows[k - 1].Nudge, rows[k].Nudge), Math.Max(rows[k - 1].Nudge, rows[k].Nudge));
            }
        Assert.Equal(1, flips);
        Assert.All(rows, r => Assert.True(r.Step is 0 or 1));
    }

    [Fact]
    public void NoJumpWhenTheRangeStaysOnOneSide()
    {
        var config = new SigmoidVsPerceptronConfig { MaxNudge = 0.05 };   // the flip is at Δ ≈ −0.0857
        var result = SigmoidVsPerceptron.Run(config, ScalarType.Float64, CPU);
        Assert.Equal(0, result.StepJumps);
        Assert.All(result.Rows, r => Assert.Equal(1.0, r.Step));
        Assert.All(result.Rows, r => Assert.Equal(0.0, r.StepChange));
    }

    /// <summary>Rows checked by hand: z = 0.5·0.7 − 0.8·0.3 − 0.05 = 0.06 at Δ = 0; at Δ = −0.2, z = 0.06 − 0.2·0.7 = −0.08.</summary>
    [Fact]
    public void HandCheckedRows()
    {
        var result = SigmoidVsPerceptron.Run(new SigmoidVsPerceptronConfig(), ScalarType.Float64, CPU);
        Assert.Equal(21, result.Rows.Count);
        var zero = result.Rows[10];
        Assert.Equal(0.0, zero.Nudge);
        Assert.Equal(0.06, zero.Z, 12);
        Assert.Equal(0.5149955016194100, zero.Sigmoid, 12);   // 1/(1 + e^−0.06)
        Assert.Equal(1.0, zero.Step);
        Assert.Equal(zero with { }, result.Baseline with { });

        var first = result.Rows[0];
        Assert.Equal(-0.2, first.Nudge, 12);
        Assert.Equal(-0.08, first.Z, 12);
        Assert.Equal(1 / (1 + Math.Exp(0.08)), first.Sigmoid, 12);
        Assert.Equal(0.0, first.Step);
        Assert.Equal(first.Sigmoid - zero.Sigmoid, first.SigmoidChange, 15);
        Assert.Equal(-1.0, first.StepChange);
        Assert.Equal(-0.06 / 0.7, result.BoundaryNudge!.Value, 12);
        Assert.Equal(0.02, result.NudgeStep, 12);
    }

    [Fact]
    public void CurvesAreTheSigmoidAndTheStep()
    {
        var (z, sigmoid, step) = SigmoidVsPerceptron.Curves(-6, 6, 601, ScalarType.Float64, CPU);
        Assert.Equal(601, z.Length);
        for (int k = 0; k < z.Length; k++)
        {
            Assert.Equal(1 / (1 + Math.Exp(-z[k])), sigmoid[k], 12);
            Assert.Equal(z[k] > 0 ? 1.0 : 0.0, step[k]);
        }
    }

    [Theory]
    [InlineData(new[] { 0.5 }, new[] { 0.7, 0.3 }, 1, 21, 0.2, "the input has 2 value(s) but the neuron has 1 weight(s)")]
    [InlineData(new[] { 0.5, 1.0 }, new[] { 0.7, 0.3 }, 3, 21, 0.2, "must be 1 to 2, got 3")]
    [InlineData(new[] { 0.5, 1.0 }, new[] { 0.7, 0.3 }, 1, 1, 0.2, "nudges must be 2 to")]
    [InlineData(new[] { 0.5, 1.0 }, new[] { 0.7, 0.3 }, 1, 21, 0.0, "largest nudge must be")]
    public void BadSettingsAreOneLineErrors(double[] weights, double[] input, int index, int nudges, double max, string expected)
    {
        var config = new SigmoidVsPerceptronConfig { Weights = weights, Input = input, WeightIndex = index, Nudges = nudges, MaxNudge = max };
        Assert.Contains(expected, Assert.Throws<SigmoidTorchException>(() => SigmoidVsPerceptron.Run(config, ScalarType.Float64, CPU)).Message);
    }
}

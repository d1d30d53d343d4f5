using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Articles.Seed002SigmoidVsPerceptron;

/// <summary>
/// Seed 002, "Sigmoid Neurons" (after Nielsen): why a sigmoid neuron rather than a perceptron. Both compute
/// z = w·x + b; the perceptron outputs the step [z &gt; 0], the sigmoid neuron σ(z) = 1/(1 + e^−z). Nudging a weight
/// a little changes σ(z) a little (by at most |xᵢ|·|Δ|/4), but can flip the step from 0 to 1 — which is what makes
/// learning by small adjustments possible.
/// </summary>
public static class SigmoidVsPerceptron
{
    /// <summary>The nudges: <paramref name="count"/> values evenly spaced over [−<paramref name="max"/>, <paramref name="max"/>].</summary>
    public static double[] Nudges(int count, double max) =>
        Enumerable.Range(0, count).Select(k => max * (2 * k - (count - 1)) / (count - 1)).ToArray();

    /// <summary>
    /// Runs the experiment with TorchSharp: a <see cref="SigmoidNeuron"/> with the given weights (one nudged) and bias
    /// computes σ(z) by its forward pass, and the same affine map gives z for the step.
    /// </summary>
    public static SigmoidVsPerceptronResult Run(SigmoidVsPerceptronConfig config, ScalarType dtype, Device device)
    {
        config.Validate();
        int n = config.Weights.Count, i = config.WeightIndex - 1;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var neuron = new SigmoidNeuron(n, bias: true, dtype, device);
        var x = tensor(config.Input.ToArray(), dtype: ScalarType.Float64).reshape(1, n).to(dtype, device);
        var bias = tensor(new[] { config.Bias }, dtype: ScalarType.Float64).to(dtype, device);

        (double Z, double Sigmoid, double Step) Evaluate(double nudge)
        {
            using var inner = NewDisposeScope();
            double[] w = config.Weights.ToArray();
            w[i] += nudge;
            neuron.SetParameters(new Dictionary<string, Tensor>
            {
                [neuron.NameOf(neuron.Weight)] = tensor(w, dtype: ScalarType.Float64).reshape(1, n).to(dtype, device),
                [neuron.NameOf(neuron.Bias!)] = bias,
            });
            var z = x.mm(neuron.Weight.t()).Plus(neuron.Bias!);    // z = w·x + b
            var sigmoid = neuron.forward(x);                       // σ(z)
            var step = z.GreaterThan(0).to(dtype);                 // [z > 0]
            return (Scalar(z), Scalar(sigmoid), Scalar(step));
        }

        var (z0, s0, t0) = Evaluate(0);
        var baseline = new NudgeRow(0, z0, s0, t0, 0, 0);
        var rows = Nudges(config.Nudges, config.MaxNudge).Select(d =>
        {
            var (z, s, t) = Evaluate(d);
            return new NudgeRow(d, z, s, t, s - s0, t - t0);
        }).ToList();

        double spacing = 2 * config.MaxNudge / (config.Nudges - 1);
        double xi = config.Input[i];
        double maxJump = rows.Zip(rows.Skip(1), (a, b) => Math.Abs(b.Sigmoid - a.Sigmoid)).Max();
        int jumps = rows.Zip(rows.Skip(1), (a, b) => a.Step != b.Step ? 1 : 0).Sum();
        double? boundary = xi == 0 ? null : -z0 / xi;
        return new SigmoidVsPerceptronResult(rows, baseline, boundary, spacing, maxJump, Math.Abs(xi) * spacing / 4, jumps);
    }

    /// <summary>σ(z) and [z &gt; 0] at <paramref name="points"/> values of z evenly spaced over [zMin, zMax], by TorchSharp.</summary>
    public static (double[] Z, double[] Sigmoid, double[] Step) Curves(double zMin, double zMax, int points, ScalarType dtype, Device device)
    {
        if (points < 2 || !(zMax > zMin)) throw new SigmoidTorchException($"the curves need at least 2 points and zMin < zMax, got {points} points on [{zMin}, {zMax}]");
        using var scope = NewDisposeScope();
        var z = linspace(zMin, zMax, points, dtype: ScalarType.Float64).to(dtype, device);
        return (Values(z), Values(Activation.Sigmoid.Apply(z)), Values(z.GreaterThan(0).to(dtype)));
    }

    private static double Scalar(Tensor t) => t.to(ScalarType.Float64).cpu().reshape(-1).data<double>()[0];

    private static double[] Values(Tensor t) => t.to(ScalarType.Float64).cpu().data<double>().ToArray();
}

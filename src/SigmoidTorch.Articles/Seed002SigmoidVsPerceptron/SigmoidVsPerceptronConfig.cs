namespace SigmoidTorch.Articles.Seed002SigmoidVsPerceptron;

/// <summary>
/// Seed 002's experiment: one neuron, one input, one weight nudged. The defaults put the neuron just on the
/// positive side of its decision boundary: w = [0.5, −0.8], b = −0.05, x = [0.7, 0.3] give z = w·x + b = 0.06, and
/// nudging w₁ by Δ in [−0.2, 0.2] (21 values, 0.02 apart) moves z by 0.7·Δ, across 0 at Δ ≈ −0.0857, so the
/// perceptron's output flips there while the sigmoid's moves by about 0.0035 a step.
/// </summary>
public sealed record SigmoidVsPerceptronConfig
{
    /// <summary>The weights w.</summary>
    public IReadOnlyList<double> Weights { get; init; } = new[] { 0.5, -0.8 };

    /// <summary>The bias b.</summary>
    public double Bias { get; init; } = -0.05;

    /// <summary>The input x (as long as <see cref="Weights"/>).</summary>
    public IReadOnlyList<double> Input { get; init; } = new[] { 0.7, 0.3 };

    /// <summary>Which weight is nudged, from 1 (w₁).</summary>
    public int WeightIndex { get; init; } = 1;

    /// <summary>How many nudges Δ, evenly spaced over [−MaxNudge, MaxNudge] (an odd count includes Δ = 0).</summary>
    public int Nudges { get; init; } = 21;

    /// <summary>The largest nudge D.</summary>
    public double MaxNudge { get; init; } = 0.2;

    /// <summary>Throws a one-line <see cref="SigmoidTorchException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (Weights.Count == 0) throw new SigmoidTorchException("the neuron needs at least one weight");
        if (Input.Count != Weights.Count)
            throw new SigmoidTorchException($"the input has {Input.Count} value(s) but the neuron has {Weights.Count} weight(s)");
        if (Weights.Concat(Input).Append(Bias).Any(v => !double.IsFinite(v)))
            throw new SigmoidTorchException("weights, bias and input must be finite numbers");
        if (WeightIndex < 1 || WeightIndex > Weights.Count)
            throw new SigmoidTorchException($"the weight to nudge must be 1 to {Weights.Count}, got {WeightIndex}");
        if (Nudges < 2 || Nudges > 1_000_000) throw new SigmoidTorchException($"the number of nudges must be 2 to 1000000, got {Nudges}");
        if (!double.IsFinite(MaxNudge) || MaxNudge <= 0) throw new SigmoidTorchException($"the largest nudge must be a finite number above 0, got {MaxNudge}");
        if (!double.IsFinite(2 * MaxNudge / (Nudges - 1)))
            throw new SigmoidTorchException($"the largest nudge {MaxNudge} is too large: the nudges' spacing 2D/(N − 1) must be a finite number");
    }
}

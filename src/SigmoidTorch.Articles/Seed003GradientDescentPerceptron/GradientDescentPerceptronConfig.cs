using System.Text.Json.Serialization;
using SigmoidTorch.Training;

namespace SigmoidTorch.Articles.Seed003GradientDescentPerceptron;

/// <summary>
/// Seed 003's knobs, with the notebook's values as defaults: one printed first step, then 10,000 more full-batch
/// steps with step size 1.
/// </summary>
public sealed record GradientDescentPerceptronConfig
{
    /// <summary>Steps after the first one (the notebook's <c>range(10000)</c>).</summary>
    public int Iterations { get; init; } = 10000;

    /// <summary>The step size (the notebook subtracts the whole derivative: 1).</summary>
    [JsonPropertyName("lr")]
    public double LearningRate { get; init; } = 1.0;

    /// <summary>Manual (default) or autograd.</summary>
    public TrainerKind Trainer { get; init; } = TrainerKind.Manual;
}

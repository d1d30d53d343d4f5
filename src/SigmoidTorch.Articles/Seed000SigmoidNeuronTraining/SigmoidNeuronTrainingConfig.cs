using System.Text.Json.Serialization;
using SigmoidTorch.Training;

namespace SigmoidTorch.Articles.Seed000SigmoidNeuronTraining;

/// <summary>
/// Seed 000's knobs: 120 updates (one frame each, as the article's 120 plots) with a learning rate of 0.5, the
/// middle of the 0.25–0.75 range of the PadhAI lineage the article follows.
/// </summary>
public sealed record SigmoidNeuronTrainingConfig
{
    /// <summary>Updates in all, one input each, one frame each.</summary>
    public int Frames { get; init; } = 120;

    /// <summary>
    /// η of w −= η·grad_w, b −= η·grad_b. 0.5: from the default start every rate of the lineage's range (0.25–0.75)
    /// separates the toy set within the 120 updates; 0.5 does it by about update 53, so the animation shows the boundary
    /// swinging round for its first half and the output sharpening for its second.
    /// </summary>
    [JsonPropertyName("lr")]
    public double LearningRate { get; init; } = 0.5;

    /// <summary>Manual (the article's grad_w and grad_b) or autograd.</summary>
    public TrainerKind Trainer { get; init; } = TrainerKind.Manual;
}

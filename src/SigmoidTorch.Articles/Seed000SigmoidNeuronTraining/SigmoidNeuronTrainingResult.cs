using SigmoidTorch.Models;

namespace SigmoidTorch.Articles.Seed000SigmoidNeuronTraining;

/// <summary>What a seed 000 run produced.</summary>
/// <param name="Model">The trained neuron.</param>
/// <param name="LossHistory">Mean squared error on the whole toy set after each update: one per frame.</param>
/// <param name="Accuracy">Share of the toy set classified right at the end (class 1 when ŷ ≥ 0.5).</param>
/// <param name="Seconds">
/// Wall time of the training: the updates and the loss on the whole set after each, without the time spent in the
/// per-frame callback (drawing the frame, which takes far longer than the update it shows).
/// </param>
public sealed record SigmoidNeuronTrainingResult(SigmoidNeuron Model, IReadOnlyList<double> LossHistory, double Accuracy, double Seconds)
{
    /// <summary>The loss after the last update (NaN when no update was made).</summary>
    public double FinalLoss => LossHistory.Count > 0 ? LossHistory[^1] : double.NaN;
}

using SigmoidTorch.Training;
using static TorchSharp.torch;

namespace SigmoidTorch.Fast;

/// <summary>What a sweep produced, one entry per member, in the members' order.</summary>
/// <param name="Histories">Each network's losses (epoch losses stop, with NaN, where a network diverged).</param>
/// <param name="Final">Each network's final parameters by state_dict name (CPU, float64).</param>
/// <param name="Diverged">For each network, the epoch (from 0) at which its loss became non-finite, or null.</param>
/// <param name="Seconds">Wall time of the training loop.</param>
public sealed record SweepResult(IReadOnlyList<TrainingHistory> Histories, IReadOnlyList<Dictionary<string, Tensor>> Final, IReadOnlyList<int?> Diverged, double Seconds);

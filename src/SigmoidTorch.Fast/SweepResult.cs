using SigmoidTorch.Training;

namespace SigmoidTorch.Fast;

/// <summary>What a sweep produced, one entry per member, in the members' order.</summary>
/// <param name="Histories">Each network's epoch losses (a sweep keeps no per-step losses: <see cref="TrainingHistory.StepLosses"/> stays empty); they stop where a network diverged.</param>
/// <param name="Final">Each network's final parameters by state_dict name (CPU, float64).</param>
/// <param name="Diverged">For each network, the epoch (from 0) at which its loss became non-finite, or null.</param>
/// <param name="Seconds">Wall time of the training loop, up to the last losses on the host.</param>
public sealed record SweepResult(IReadOnlyList<TrainingHistory> Histories, SweepWeights Final, IReadOnlyList<int?> Diverged, double Seconds);

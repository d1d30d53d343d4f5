namespace SigmoidTorch.Articles.Seed002SigmoidVsPerceptron;

/// <summary>What the experiment found.</summary>
/// <param name="Rows">One row per nudge, Δ increasing.</param>
/// <param name="Baseline">The row of Δ = 0 (whether or not the grid has it).</param>
/// <param name="BoundaryNudge">The Δ where z crosses 0 (the perceptron flips), −z₀/xᵢ; null when xᵢ = 0.</param>
/// <param name="NudgeStep">The spacing of the nudges.</param>
/// <param name="MaxSigmoidJump">The largest |σ change| between neighbouring nudges.</param>
/// <param name="SigmoidBound">|xᵢ|·spacing/4: no neighbouring pair can differ by more, since σ' ≤ 1/4.</param>
/// <param name="StepJumps">How many times the perceptron's output changes between neighbouring nudges.</param>
public sealed record SigmoidVsPerceptronResult(IReadOnlyList<NudgeRow> Rows, NudgeRow Baseline, double? BoundaryNudge, double NudgeStep,
                                               double MaxSigmoidJump, double SigmoidBound, int StepJumps);

namespace SigmoidTorch.Articles.Seed001SineRegression;

/// <summary>One network of a seed 001 sweep and how it ended.</summary>
/// <param name="LearningRate">Its learning rate.</param>
/// <param name="Seed">The seed of its starting weights.</param>
/// <param name="FinalLoss">Its last epoch's loss (NaN if it diverged).</param>
/// <param name="DivergedAtEpoch">The epoch (from 0) its loss became non-finite, or null.</param>
public sealed record SweepCell(double LearningRate, long Seed, double FinalLoss, int? DivergedAtEpoch);

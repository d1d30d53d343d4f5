using SigmoidTorch.Models;
using SigmoidTorch.Training;

namespace SigmoidTorch.Articles.Seed003GradientDescentPerceptron;

/// <summary>What a seed 003 run produced.</summary>
/// <param name="Model">The trained neuron.</param>
/// <param name="FirstStep">The first step, printed by the notebook before its loop.</param>
/// <param name="Weights">The final weights, after all 1 + iterations updates.</param>
/// <param name="Predictions">
/// The predictions the notebook prints at the end: layer_1 of its loop's last iteration, computed with the weights
/// before the final update (for 0 iterations, the first step's predictions).
/// </param>
/// <param name="WeightHistory">The weights before any update and after each one: 2 + iterations rows of 2.</param>
/// <param name="PredictionHistory">σ(X·w) for every row of <paramref name="WeightHistory"/>: rows of 4.</param>
/// <param name="History">The trainer's losses (½ΣE² per step, before its update), first step included.</param>
public sealed record GradientDescentPerceptronResult(SigmoidNeuron Model, PerceptronFirstStep FirstStep, double[] Weights, double[] Predictions,
                                                     IReadOnlyList<double[]> WeightHistory, IReadOnlyList<double[]> PredictionHistory, TrainingHistory History);

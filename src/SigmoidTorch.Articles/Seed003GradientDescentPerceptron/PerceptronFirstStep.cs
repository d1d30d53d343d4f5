namespace SigmoidTorch.Articles.Seed003GradientDescentPerceptron;

/// <summary>The notebook's first step, as it prints it.</summary>
/// <param name="Weights">The starting weights (<c>synapse_0</c> flattened).</param>
/// <param name="Predictions">layer_1 = σ(X·synapse_0) on the starting weights.</param>
/// <param name="Error">layer_1 − y.</param>
/// <param name="Adjustment">The synapse derivative Xᵀ·(error ⊙ σ'(layer_1)), i.e. ∂(½ΣE²)/∂w, flattened.</param>
/// <param name="NewWeights">The weights after the step, as the trainer left them.</param>
public sealed record PerceptronFirstStep(double[] Weights, double[] Predictions, double[] Error, double[] Adjustment, double[] NewWeights);

namespace SigmoidTorch.Articles.Seed004FlowerClassifier;

/// <summary>What the classifier says about one flower.</summary>
/// <param name="Length">Petal length (cm).</param>
/// <param name="Width">Petal width (cm).</param>
/// <param name="Probability">σ(w·x + b): the probability that the flower is of the second kind (class 1).</param>
/// <param name="Species">The predicted kind: the second when the probability is at least 0.5, else the first.</param>
public sealed record FlowerPrediction(double Length, double Width, double Probability, string Species);

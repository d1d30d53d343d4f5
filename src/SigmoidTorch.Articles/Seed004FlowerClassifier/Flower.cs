namespace SigmoidTorch.Articles.Seed004FlowerClassifier;

/// <summary>One flower: its petal's length and width (cm) and its kind.</summary>
/// <param name="Length">Petal length.</param>
/// <param name="Width">Petal width.</param>
/// <param name="Species">The kind of flower, e.g. <c>versicolor</c>.</param>
public sealed record Flower(double Length, double Width, string Species);

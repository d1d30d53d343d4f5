using SigmoidTorch.Models;
using SigmoidTorch.Training;

namespace SigmoidTorch.Articles.Seed004FlowerClassifier;

/// <summary>What a seed 004 run produced.</summary>
/// <param name="Model">The trained neuron (on scaled inputs when <see cref="Scaling"/> is not the identity).</param>
/// <param name="Species">The two kinds: class 0, class 1.</param>
/// <param name="Flowers">The flowers of those two kinds, in the data's order.</param>
/// <param name="Classes">Each flower's class, 0 or 1.</param>
/// <param name="Scaling">What is done to the petal measurements before the neuron sees them.</param>
/// <param name="History">Per epoch, the mean over its flowers of (prediction − target)², each taken before its update.</param>
/// <param name="Accuracy">The share of the flowers the trained neuron classifies right.</param>
/// <param name="W">The neuron's weights (in the units it sees).</param>
/// <param name="B">The neuron's bias.</param>
/// <param name="BoundaryW">The weights on the raw centimetres: the decision boundary is BoundaryW·x + BoundaryB = 0.</param>
/// <param name="BoundaryB">The bias on the raw centimetres.</param>
public sealed record FlowerClassifierResult(SigmoidNeuron Model, IReadOnlyList<string> Species, IReadOnlyList<Flower> Flowers, int[] Classes,
                                            InputScaling Scaling, TrainingHistory History, double Accuracy, double[] W, double B,
                                            double[] BoundaryW, double BoundaryB);

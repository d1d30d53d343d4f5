using System.Text.Json.Serialization;
using SigmoidTorch.Training;

namespace SigmoidTorch.Articles.Seed004FlowerClassifier;

/// <summary>
/// Seed 004's knobs. The article's: squared-error cost, learning rate 0.2, one flower per update. Ours: which two
/// kinds (by default versicolor against virginica, the pair that no straight line separates perfectly, so the
/// accuracy means something; setosa against either is separable and reaches 1.0 at once), and how long to train. The
/// article gives no number of passes; with raw centimetres and a step of 0.2 the loss falls for several hundred
/// passes and then only jitters (one-flower updates), while the weights keep growing slowly as the boundary sharpens.
/// So training runs until the loss stops falling (<see cref="Plateau"/>: the mean loss of the last 200 passes is not
/// 1% below that of the 200 before), at most <see cref="Epochs"/> passes.
/// </summary>
public sealed record FlowerClassifierConfig
{
    /// <summary>Passes over the flowers at most (fewer when <see cref="Plateau"/> ends the run).</summary>
    public int Epochs { get; init; } = 10_000;

    /// <summary>When to stop before <see cref="Epochs"/>: when the loss stops falling; null runs every pass.</summary>
    public PlateauStop? Plateau { get; init; } = new(200, 0.01);

    /// <summary>The article's learning rate.</summary>
    [JsonPropertyName("lr")]
    public double LearningRate { get; init; } = 0.2;

    /// <summary>The two kinds to tell apart (class 0, class 1); null picks <see cref="FlowerClassifier.DefaultSpecies"/>.</summary>
    public IReadOnlyList<string>? Species { get; init; }

    /// <summary>
    /// False (default, as the article): the inputs are the petal measurements in cm as they are. True: each input is
    /// standardised to mean 0 and standard deviation 1 over the training flowers (the weights then live in those units).
    /// </summary>
    public bool Standardize { get; init; }

    /// <summary>Manual (default) or autograd.</summary>
    public TrainerKind Trainer { get; init; } = TrainerKind.Manual;

    /// <summary>Seed of the starting weights and of the order the flowers are shown in.</summary>
    public long Seed { get; init; }
}

using System.Text.Json.Serialization;
using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using SigmoidTorch.Training;

namespace SigmoidTorch.Articles;

/// <summary>
/// Seed 002's network as Nielsen's chapter 1 trains it (network.py): layers [64, 30, 10] — the 8×8 digits have 64
/// pixels, and one output per digit — sigmoid units, the quadratic cost, mini-batches of 10, η = 3.0, 30 epochs, the
/// training images shuffled before every epoch.
/// </summary>
public sealed record DigitClassifierConfig
{
    /// <summary>The layer sizes [64, n1, …, 10]: the pixels first, the digits last.</summary>
    public IReadOnlyList<int> Layers { get; init; } = [DigitData.Pixels, 30, DigitData.Classes];

    /// <summary>f, the activation of the hidden layers (network.py: the sigmoid). The output layer's follows from <see cref="Loss"/>.</summary>
    public Activation Activation { get; init; } = Activation.Sigmoid;

    /// <summary>
    /// The cost: <see cref="Loss.Quadratic"/> (network.py's ½‖a − y‖², sigmoid outputs), <see cref="Loss.BinaryCrossEntropy"/>
    /// (chapter 3's cross-entropy on sigmoid outputs) or <see cref="Loss.SoftmaxCrossEntropy"/> (a softmax output layer).
    /// Not serialised: a program names it in its own words (DigitClassifier's --loss).
    /// </summary>
    [JsonIgnore]
    public Loss Loss { get; init; } = Loss.Quadratic;

    /// <summary>η: each step is w −= (η/m)·Σ over the m images of its batch of ∂Cₓ/∂w.</summary>
    [JsonPropertyName("lr")]
    public double LearningRate { get; init; } = 3.0;

    /// <summary>Images per mini-batch; the last batch of an epoch is smaller (1,498 = 149 × 10 + 8).</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Passes over the 1,498 training images.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Shuffle the training images before every epoch (with <see cref="Seed"/>); false keeps file order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the starting weights (standard normal draws, as network.py's np.random.randn) and of the shuffling.</summary>
    public long Seed { get; init; }

    /// <summary>Manual (hand-written backprop, default) or autograd + SGD.</summary>
    public TrainerKind Trainer { get; init; } = TrainerKind.Manual;

    /// <summary>
    /// For the manual trainer: the fused step (default; it computes the squared errors, so a cross-entropy trains with
    /// the readable step all the same, <see cref="StepKind.Has"/>) or the readable one, line by line.
    /// </summary>
    public StepKind Step { get; init; } = FusedNetworkStep.Kind;
}

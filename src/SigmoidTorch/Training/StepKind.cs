using SigmoidTorch.Functions;
using SigmoidTorch.Models;

namespace SigmoidTorch.Training;

/// <summary>
/// Which implementation of a training step <see cref="Trainer.Fit"/> runs (<see cref="TrainingOptions.Step"/>): the
/// readable one, the library's default (<see cref="Readable"/>), or another that computes the same equations, such
/// as the fused step of the fast path (<c>FusedNetworkStep.Kind</c> in SigmoidTorch.Fast). This is the one place
/// where the step is chosen.
/// </summary>
public abstract class StepKind
{
    /// <summary>Creates a kind named <paramref name="name"/> (how <c>--step</c> and the programs' JSON name it).</summary>
    protected StepKind(string name) => Name = name;

    /// <summary>
    /// The readable step: the equations line by line as the articles write them — <see cref="ManualStep"/> (hand-written
    /// gradients, then the <see cref="TrainingOptions.Optimizer"/>'s update, by default θ ← θ − η·∂L/∂θ), or for the autograd trainer <see cref="AutogradStep"/>.
    /// </summary>
    public static StepKind Readable { get; } = new ReadableKind();

    /// <summary>Lower-case name: readable, fused.</summary>
    public string Name { get; }

    /// <summary>
    /// Whether this kind has a step of its own for a model of <paramref name="spec"/> trained by
    /// <paramref name="trainer"/> on <paramref name="loss"/>, reporting <paramref name="reported"/>; where it has none,
    /// <see cref="Create"/> gives the readable step.
    /// </summary>
    public abstract bool Has(ModelSpec spec, TrainerKind trainer, Loss loss, Loss reported);

    /// <summary>The step <paramref name="options"/> describe, for <paramref name="model"/>: this kind's where it <see cref="Has"/> one, else the readable one.</summary>
    public abstract ITrainingStep Create(BackpropModel model, TrainingOptions options);

    /// <inheritdoc />
    public override string ToString() => Name;

    private sealed class ReadableKind() : StepKind("readable")
    {
        public override bool Has(ModelSpec spec, TrainerKind trainer, Loss loss, Loss reported) => true;

        public override ITrainingStep Create(BackpropModel model, TrainingOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var reported = options.ReportedLoss ?? options.Loss;
            return options.Trainer == TrainerKind.Autograd
                ? new AutogradStep(model, options.Loss, reported, options.LearningRate)
                : new ManualStep(model, options.Loss, reported, options.LearningRate, options.Optimizer);
        }
    }
}

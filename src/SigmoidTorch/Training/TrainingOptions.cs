using SigmoidTorch.Functions;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>How to train: epochs, mini-batches, learning rate, loss, trainer, order, callbacks and starting weights.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the data set (0 trains nothing).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Rows per mini-batch; the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>η, in float64 (it is never rounded to float32 on the way).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>The loss whose gradient the steps follow.</summary>
    public Loss Loss { get; init; } = Loss.MeanSquared;

    /// <summary>The loss written to the history, when it differs from <see cref="Loss"/> (seed 001 steps along ½ΣE² but reports ΣE²).</summary>
    public Loss? ReportedLoss { get; init; }

    /// <summary>Manual (hand-written) or autograd + SGD.</summary>
    public TrainerKind Trainer { get; init; } = TrainerKind.Manual;

    /// <summary>
    /// How the manual trainer's readable step turns gradients into updates: <see cref="Optimizer.Sgd"/> (the default,
    /// θ ← θ − η·∂L/∂θ), or momentum, Nesterov, RMSProp, Adam, AdamW. The autograd trainer always steps as
    /// <c>torch.optim.SGD</c> does, and the fused step computes plain gradient descent only: with another optimizer the
    /// readable step runs.
    /// </summary>
    public Optimizer Optimizer { get; init; } = Optimizer.Sgd;

    /// <summary>
    /// Which implementation of the step runs: <see cref="StepKind.Readable"/> (the default: <see cref="ManualStep"/> line
    /// by line, or <see cref="AutogradStep"/>), or a faster one that computes the same equations, such as the fast
    /// path's fused step (<c>FusedNetworkStep.Kind</c> in SigmoidTorch.Fast), where it has one for the model.
    /// </summary>
    public StepKind Step { get; init; } = StepKind.Readable;

    /// <summary>Shuffle the rows at every epoch (with <see cref="Seed"/>); otherwise batches are taken in order.</summary>
    public bool Shuffle { get; init; }

    /// <summary>Seed of the shuffling generator (deterministic on CPU).</summary>
    public long Seed { get; init; }

    /// <summary>Stop after this many steps in all (null: run every epoch to the end).</summary>
    public int? MaxSteps { get; init; }

    /// <summary>
    /// End the run before <see cref="Epochs"/> when the loss stops falling (see <see cref="PlateauStop"/>); null runs
    /// every epoch. Where it stopped is in <see cref="TrainingHistory.Plateau"/>.
    /// </summary>
    public PlateauStop? StopOnPlateau { get; init; }

    /// <summary>Parameter values to start from, by state_dict name; null keeps the model's current weights.</summary>
    public IReadOnlyDictionary<string, Tensor>? InitialParameters { get; init; }

    /// <summary>Called after every step (e.g. to draw an animation frame).</summary>
    public Action<StepInfo>? OnStep { get; init; }

    /// <summary>Called after every epoch (e.g. to report progress).</summary>
    public Action<EpochInfo>? OnEpoch { get; init; }

    /// <summary>Mini-batches in one epoch over <paramref name="samples"/> rows: ⌈samples / <see cref="BatchSize"/>⌉ (a batch size below 1, which <see cref="Validate"/> refuses, counts as 1).</summary>
    public long BatchesPerEpoch(long samples)
    {
        long batch = Math.Max(BatchSize, 1);
        return (samples + batch - 1) / batch;
    }

    /// <summary>Steps a run over <paramref name="samples"/> rows takes: <see cref="Epochs"/> × <see cref="BatchesPerEpoch"/>, or <see cref="MaxSteps"/> when that is fewer.</summary>
    public long StepsPerRun(long samples)
    {
        long steps = Epochs * BatchesPerEpoch(samples);
        return MaxSteps is { } most ? Math.Min(most, steps) : steps;
    }

    /// <summary>Throws a one-line <see cref="SigmoidTorchException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (Epochs < 0) throw new SigmoidTorchException($"epochs must be 0 or more, got {Epochs}");
        if (BatchSize <= 0) throw new SigmoidTorchException($"batch size must be at least 1, got {BatchSize}");
        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
            throw new SigmoidTorchException($"learning rate must be a finite number above 0, got {LearningRate}");
        ArgumentNullException.ThrowIfNull(Optimizer);
        Optimizer.Validate();
        if (Trainer == TrainerKind.Autograd && !Optimizer.IsPlainGradientDescent)
            throw new SigmoidTorchException($"the autograd trainer steps as torch.optim.SGD does; the optimizer {Optimizer} is for the manual trainer");
        if (MaxSteps is < 0) throw new SigmoidTorchException($"max steps must be 0 or more, got {MaxSteps}");
        StopOnPlateau?.Validate();
    }
}

/// <summary>Where training is, after a step.</summary>
/// <param name="Epoch">Epoch index, from 0.</param>
/// <param name="Batch">Batch index within the epoch, from 0.</param>
/// <param name="Step">Steps taken so far, from 1.</param>
/// <param name="Model">The model, already updated by this step.</param>
public readonly record struct StepInfo(int Epoch, int Batch, int Step, Models.BackpropModel Model);

/// <summary>Where training is, after an epoch.</summary>
/// <param name="Epoch">Epoch index, from 0.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="Loss">The epoch's loss: the mean of its steps' reported losses.</param>
/// <param name="Model">The model after the epoch.</param>
public readonly record struct EpochInfo(int Epoch, int Epochs, double Loss, Models.BackpropModel Model);

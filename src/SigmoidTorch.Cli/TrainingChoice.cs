using System.CommandLine;
using SigmoidTorch.Training;

namespace SigmoidTorch.Cli;

/// <summary>
/// How a program that trains trains: the trainer of --trainer and the step of --step (or the program's default for
/// the trainer), settled once the model is known (<see cref="Settle"/>). A program that does not train gets the
/// manual trainer and the readable step.
/// </summary>
public sealed class TrainingChoice
{
    private readonly string? stepAsked;

    /// <summary>Resolves --trainer and --step of <paramref name="result"/>, where the program takes them.</summary>
    internal TrainingChoice(ParseResult result, CommonOptions options)
    {
        Trains = options.Flags.HasFlag(FlagSet.Trainer);
        Trainer = Trains ? options.TrainerKind(result) : TrainerKind.Manual;
        Step = Trains ? options.StepKind(result, Trainer) : StepKind.Readable;
        stepAsked = Trains ? result.GetValue(options.Step) : null;
    }

    /// <summary>Whether the program trains (takes --trainer and --step).</summary>
    public bool Trains { get; }

    /// <summary>Manual or autograd.</summary>
    public TrainerKind Trainer { get; }

    /// <summary>The step the training runs: --step, or the program's default for the trainer.</summary>
    public StepKind Step { get; private set; }

    /// <summary>
    /// Settles <see cref="Step"/> once flags beyond the trainer (a loss, say) decide whether the model has a fused step
    /// (<paramref name="fused"/>): without one the step is the readable one, and a --step fused given is refused with
    /// <paramref name="why"/>.
    /// </summary>
    public void Settle(bool fused, string why)
    {
        if (fused || Step == StepKind.Readable) return;
        if (stepAsked == "fused") throw new UsageException($"--step fused: {why}");
        Step = StepKind.Readable;
    }
}

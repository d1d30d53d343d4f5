using SigmoidTorch.Data;
using SigmoidTorch.Gradients;
using SigmoidTorch.Models;
using SigmoidTorch.Training;

namespace SigmoidTorch.Limits;

/// <summary>
/// The memory a run needs, by estimate, held against what this machine has available now (<see cref="MachineMemory"/>),
/// before anything is allocated: a run that would need more is refused with a one-line
/// <see cref="ResourceLimitException"/> that names it. The size bounds that need no machine are <see cref="RunLimits"/>.
/// </summary>
public static class MemoryLimits
{
    /// <summary>
    /// Throws a <see cref="ResourceLimitException"/> when <paramref name="bytes"/>, the memory that
    /// <paramref name="what"/> needs by estimate, is more than this machine has available now.
    /// </summary>
    public static void Require(double bytes, string what)
    {
        if (bytes <= 256L << 20) return;                       // small enough for any machine that runs libtorch
        long available = MachineMemory.AvailableBytes();
        if (!(bytes <= available))
            throw new ResourceLimitException($"{what} needs about {MachineMemory.Describe(bytes)} of memory, more than the {MachineMemory.Describe(available)} available");
    }

    /// <summary>
    /// The memory training <paramref name="spec"/> needs by estimate, in bytes (float64, the larger case): its weights
    /// with their gradients and backups, <paramref name="samples"/> rows of data with a forward pass over all of them,
    /// one batch's activations and deltas, and the loss of every one of <paramref name="steps"/> steps.
    /// </summary>
    public static double TrainingBytes(ModelSpec spec, long samples, long batch, long steps)
    {
        ArgumentNullException.ThrowIfNull(spec);
        double width = spec.Units;
        return 8.0 * (8.0 * spec.ParameterCount + 8.0 * samples * width + 8.0 * Math.Min(batch, samples) * width + 2.0 * steps);
    }

    /// <summary>
    /// Checks a training run before it starts: at most <see cref="RunLimits.MaxSteps"/> steps and memory for
    /// <see cref="TrainingBytes"/>; <paramref name="what"/> names the run in the message.
    /// </summary>
    public static void CheckTraining(ModelSpec spec, long samples, long batch, long steps, string what)
    {
        RunLimits.RequireSteps(steps, what);
        Require(TrainingBytes(spec, samples, batch, steps), what);
    }

    /// <summary>
    /// Checks the run <see cref="Trainer.Fit"/> would make of <paramref name="model"/> on <paramref name="data"/> with
    /// <paramref name="options"/> (<see cref="CheckTraining"/>), before it starts.
    /// </summary>
    public static void CheckFit(BackpropModel model, Dataset data, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        CheckTraining(model.Spec, data.Count, options.BatchSize, options.StepsPerRun(data.Count), $"training {model.Spec}");
    }

    /// <summary>
    /// Checks a gradient check of <paramref name="spec"/> on <paramref name="batch"/> samples before it starts: the bounds
    /// of <see cref="GradientCheck.CheckSize"/>, and memory for four training runs of one batch (the model, its float64
    /// copy, the manual and autograd passes).
    /// </summary>
    public static void CheckGradientCheck(ModelSpec spec, long batch)
    {
        GradientCheck.CheckSize(spec, batch);
        Require(TrainingBytes(spec, batch, batch, 0) * 4, $"a gradient check of {spec} on a batch of {RunLimits.Count(batch)}");
    }
}

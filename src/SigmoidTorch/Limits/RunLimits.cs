using System.Globalization;
using SigmoidTorch.Models;

namespace SigmoidTorch.Limits;

/// <summary>
/// The sizes a run may ask for, checked before anything is allocated: documented upper bounds (the constants here,
/// listed in README, "Limits"), and an estimate of the memory a run needs held against what the machine has available
/// (<see cref="MachineMemory"/>). A size beyond either is refused with a one-line <see cref="ResourceLimitException"/>
/// that names it; the examples turn that into exit code 2.
/// </summary>
public static class RunLimits
{
    /// <summary>Training steps in one run (epochs × batches per epoch): 100 million, an hour or more of tiny steps.</summary>
    public const long MaxSteps = 100_000_000;

    /// <summary>Samples in a data set made from sizes (seed 001's points): 10 million.</summary>
    public const long MaxSamples = 10_000_000;

    /// <summary>Parameters of one model: 100 million (800 MB of float64 weights, several times that to train).</summary>
    public const long MaxParameters = 100_000_000;

    /// <summary>Linear layers of one network: 100 (each is a module of its own; these networks learn with a handful).</summary>
    public const int MaxLayers = 100;

    /// <summary>Networks trained at once by a sweep: 1,000,000 (what the Sweep program's flags allow; a GPU trains 163,840 of seed 001's in seconds).</summary>
    public const long MaxNetworks = 1_000_000;

    /// <summary>
    /// Throws a <see cref="ResourceLimitException"/> when <paramref name="value"/> is above <paramref name="max"/>:
    /// "<paramref name="what"/> is 2,147,483,647, more than the 10,000,000 allowed".
    /// </summary>
    public static void RequireAtMost(string what, double value, double max)
    {
        if (!(value <= max))
            throw new ResourceLimitException($"{what} is {Count(value)}, more than the {Count(max)} allowed");
    }

    /// <summary>
    /// Throws a <see cref="ResourceLimitException"/> when <paramref name="bytes"/>, the memory that
    /// <paramref name="what"/> needs by estimate, is more than this machine has available now.
    /// </summary>
    public static void RequireMemory(double bytes, string what)
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
    /// Checks a training run before it starts: at most <see cref="MaxSteps"/> steps and memory for
    /// <see cref="TrainingBytes"/>; <paramref name="what"/> names the run in the message.
    /// </summary>
    public static void CheckTraining(ModelSpec spec, long samples, long batch, long steps, string what)
    {
        RequireAtMost($"{what}: the number of training steps (epochs × batches per epoch)", steps, MaxSteps);
        RequireMemory(TrainingBytes(spec, samples, batch, steps), what);
    }

    /// <summary>A count with thousands separators, the same in every culture: 2,147,483,647 (1.0E+308 beyond 10^15).</summary>
    public static string Count(double value) =>
        Math.Abs(value) < 1e15 ? value.ToString("#,0", CultureInfo.InvariantCulture) : value.ToString("0.0E+0", CultureInfo.InvariantCulture);
}

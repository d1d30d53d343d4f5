using System.Globalization;

namespace SigmoidTorch.Limits;

/// <summary>
/// The sizes a run may ask for, checked before anything is allocated: documented upper bounds (the constants here,
/// listed in README, "Limits"). A size beyond one is refused with a one-line <see cref="ResourceLimitException"/> that
/// names it; the examples turn that into exit code 2. Whether the machine has the memory a run needs is checked apart
/// from these, against what it has available (<c>MemoryLimits</c> in SigmoidTorch.Runtime).
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
    /// Throws a <see cref="ResourceLimitException"/> when a run of <paramref name="steps"/> training steps is beyond
    /// <see cref="MaxSteps"/>; <paramref name="what"/> names the run in the message.
    /// </summary>
    public static void RequireSteps(long steps, string what) =>
        RequireAtMost($"{what}: the number of training steps (epochs × batches per epoch)", steps, MaxSteps);

    /// <summary>A count with thousands separators, the same in every culture: 2,147,483,647 (1.0E+308 beyond 10^15).</summary>
    public static string Count(double value) =>
        Math.Abs(value) < 1e15 ? value.ToString("#,0", CultureInfo.InvariantCulture) : value.ToString("0.0E+0", CultureInfo.InvariantCulture);
}

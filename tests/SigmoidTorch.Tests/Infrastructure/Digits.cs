using System.Globalization;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// The tests that compare printed or computed digits with digits written down (the docs' transcripts, the articles'
/// reproductions, the README's consumer program) carry the trait <c>Digits=printed</c>. A float64 result's last digits
/// depend on the CPU (libtorch picks its kernels by CPU capability) and on the number of intra-op threads (the order of
/// reductions), so these tests compare only what is stable, or with a tolerance they argue. CI (.ci/run) proves it:
/// after the whole suite it runs them again under <c>ATEN_CPU_CAPABILITY=default</c> (libtorch's generic kernels) and
/// with <see cref="ThreadsVariable"/>=2.
/// </summary>
public static class Digits
{
    /// <summary>The trait's name.</summary>
    public const string Trait = "Digits";

    /// <summary>The trait's value: the test compares digits that a program prints or a computation gives.</summary>
    public const string Printed = "printed";

    /// <summary>
    /// The environment variable that sets libtorch's intra-op threads for the test process (<see cref="LibtorchThreads"/>)
    /// and, as <c>--threads N</c>, for the example programs the digit tests run (<see cref="ThreadArguments"/>); 1 when unset.
    /// </summary>
    public const string ThreadsVariable = "SIGMOIDTORCH_TEST_THREADS";

    /// <summary>The thread count <see cref="ThreadsVariable"/> asks for: a whole number of at least 1, else the test run stops at once.</summary>
    public static int Threads { get; } = Environment.GetEnvironmentVariable(ThreadsVariable) is { Length: > 0 } text
        ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1
            ? n
            : throw new InvalidOperationException($"{ThreadsVariable}='{text}' is not a thread count (a whole number of at least 1)")
        : 1;

    /// <summary>What a digit test adds to a program's command line: <c>--threads N</c> when <see cref="ThreadsVariable"/> asks for more than one, else nothing.</summary>
    public static IReadOnlyList<string> ThreadArguments => Threads > 1 ? ["--threads", Threads.ToString(CultureInfo.InvariantCulture)] : [];
}

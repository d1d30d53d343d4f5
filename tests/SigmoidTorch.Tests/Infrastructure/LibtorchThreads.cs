using SigmoidTorch.Devices;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;

[assembly: AssemblyFixture(typeof(LibtorchThreads))]

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// The tests run libtorch with one intra-op thread, as the example programs do by default (--threads 1): the test
/// runner already runs tests side by side on every core, and on tensors of a few dozen values a second libtorch thread
/// only costs its wake-up. (Measured here: a softmax of a [4, 3] tensor takes 2.6 µs with one thread, 109 µs with two.)
/// Set before the first test, so every runner thread takes it up when it first calls libtorch.
/// <para>
/// <see cref="Digits.ThreadsVariable"/> sets another count, for this process and for the programs the digit tests run
/// (<see cref="Digits.ThreadArguments"/>): CI runs the tests that compare digits again with two threads, since the
/// thread count changes the order of libtorch's reductions.
/// </para>
/// </summary>
public sealed class LibtorchThreads
{
    public LibtorchThreads()
    {
        TorchRuntime.EnsureLoaded();
        TorchSharp.torch.set_num_threads(Digits.Threads);
    }
}

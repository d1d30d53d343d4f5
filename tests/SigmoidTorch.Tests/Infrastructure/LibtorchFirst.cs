using System.Runtime.CompilerServices;
using SigmoidTorch.Devices;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// Loads libtorch the library's way before any test runs: tests call <c>torch.*</c> directly, and where the suite runs
/// on an installed libtorch (a bundle, SIGMOIDTORCH_LIBTORCH) that one must be loaded by path first, or TorchSharp
/// would look for libtorch beside the tests and find none.
/// </summary>
internal static class LibtorchFirst
{
    [ModuleInitializer]
    internal static void Load()
    {
        try
        {
            TorchRuntime.EnsureLoaded();
        }
        catch (TorchLoadException)
        {
            // Not here: every test that needs libtorch fails with its own message (and SmokeTests says why).
        }
    }
}

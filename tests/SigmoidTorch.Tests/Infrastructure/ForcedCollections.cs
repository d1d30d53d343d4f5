using Xunit;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// Tests that force garbage collections and finalizers from a thread of their own while libtorch runs: alone, after
/// the parallel tests, so that their collections land on their own calls and time them alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ForcedCollections
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Forced collections";
}

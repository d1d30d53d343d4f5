using Xunit;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// Tests that read <c>torch.Tensor.TotalCount</c>, a process-wide count of live tensors: other tests running at the
/// same time would move it, so this collection runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TensorCounting
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Tensor counting";
}

using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// The weights at the start of the current epoch and of the one before, in copies allocated once, for Trainer.Fit to
/// fall back on when training diverges. Saving is a copy per tensor; nothing is allocated per epoch.
/// </summary>
internal sealed class TensorBackup : IDisposable
{
    private readonly Tensor[] sources;
    private Tensor[] current;
    private Tensor[] previous;
    private bool hasPrevious;

    /// <summary>Allocates two copies of each of <paramref name="sources"/>; the current one is taken now.</summary>
    public TensorBackup(IEnumerable<Tensor> sources)
    {
        this.sources = sources.ToArray();
        current = this.sources.Select(s => s.detach().clone().DetachFromDisposeScope()).ToArray();
        previous = this.sources.Select(s => s.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>The current copy becomes the previous one, and the sources are copied into the current one.</summary>
    public void Save()
    {
        (previous, current) = (current, previous);
        hasPrevious = true;
        using var noGrad = no_grad();
        for (int i = 0; i < sources.Length; i++) current[i].copy_(sources[i]);
    }

    /// <summary>
    /// Copies a saved state back into the sources: the previous one when <paramref name="previousEpoch"/> and there is one,
    /// else the current one. Returns whether the previous one was used.
    /// </summary>
    public bool Restore(bool previousEpoch)
    {
        bool usePrevious = previousEpoch && hasPrevious;
        var copies = usePrevious ? previous : current;
        using var noGrad = no_grad();
        for (int i = 0; i < sources.Length; i++) sources[i].copy_(copies[i]);
        return usePrevious;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var copy in current.Concat(previous)) copy.Dispose();
    }
}

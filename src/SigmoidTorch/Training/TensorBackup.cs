using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>A copy of some tensors, allocated once, to save into and to restore from (e.g. the weights at the start of an epoch).</summary>
internal sealed class TensorBackup : IDisposable
{
    private readonly Tensor[] sources;
    private readonly Tensor[] copies;

    /// <summary>Allocates a copy of each of <paramref name="sources"/> (the copies are taken now).</summary>
    public TensorBackup(IEnumerable<Tensor> sources)
    {
        this.sources = sources.ToArray();
        copies = this.sources.Select(s => s.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>copy ← source, for every tensor.</summary>
    public void Save()
    {
        using var noGrad = no_grad();
        for (int i = 0; i < sources.Length; i++) copies[i].copy_(sources[i]);
    }

    /// <summary>source ← copy, for every tensor.</summary>
    public void Restore()
    {
        using var noGrad = no_grad();
        for (int i = 0; i < sources.Length; i++) sources[i].copy_(copies[i]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var copy in copies) copy.Dispose();
    }
}

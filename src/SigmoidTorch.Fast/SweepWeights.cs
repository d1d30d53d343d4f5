using System.Collections;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Fast;

/// <summary>
/// The final weights of a sweep's K networks (CPU, float64), kept stacked as the sweep trained them; network m's
/// parameters by state_dict name are views made when asked for, so a sweep of 100,000 networks does not make
/// 400,000 small tensors that nobody reads.
/// </summary>
public sealed class SweepWeights : IReadOnlyList<IReadOnlyDictionary<string, Tensor>>
{
    private readonly string[] names;
    private readonly NetworkSpec spec;
    private readonly Tensor wh, w2;
    private readonly Tensor? b2;

    internal SweepWeights(string[] names, NetworkSpec spec, int count, Tensor wh, Tensor w2, Tensor? b2) =>
        (this.names, this.spec, Count, this.wh, this.w2, this.b2) = (names, spec, count, wh, w2, b2);

    /// <summary>The number of networks.</summary>
    public int Count { get; }

    /// <summary>Network <paramref name="index"/>'s parameters by state_dict name: new views of the stacked weights.</summary>
    public IReadOnlyDictionary<string, Tensor> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var (w1, b1) = PackedWeights.UnpackSideBySide(wh, index, spec.Hidden, spec.HiddenBias);
            var weights = new Dictionary<string, Tensor> { [names[0]] = w1 };
            int next = 1;
            if (b1 is not null) weights[names[next++]] = b1;
            weights[names[next++]] = w2[index];
            if (b2 is not null) weights[names[next]] = b2[index];
            return weights;
        }
    }

    /// <inheritdoc />
    public IEnumerator<IReadOnlyDictionary<string, Tensor>> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using static TorchSharp.torch;

namespace SigmoidTorch.Checking;

/// <summary>
/// A gradient-check case read back from its <c>.safetensors</c> file (<see cref="CaseFile"/>): the module's weights,
/// the input and target, the three gradients of every checked parameter, and the metadata. Its tensors are on the CPU
/// and belong to it: dispose it, or clone what outlives it.
/// </summary>
public sealed class CheckCase : IDisposable
{
    internal CheckCase(Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>Every tensor by its name in the file (<c>param/…</c>, <c>input</c>, <c>target</c>, <c>grad/manual/…</c>, <c>grad/autograd/…</c>, <c>grad/fd/…</c>).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The header's string map: <c>model</c>, <c>loss</c>, <c>dtype</c>, <c>tolerance</c> (JSON), <c>seed</c>, versions, …</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The module's state_dict as it was checked, by state_dict name: load it with <c>module.load_state_dict</c> to re-run the check.</summary>
    public Dictionary<string, Tensor> Weights => Named(CaseFile.Parameter);

    /// <summary>The input the module was called on.</summary>
    public Tensor Input => Tensors[CaseFile.InputName];

    /// <summary>The target the loss compared the output with.</summary>
    public Tensor Target => Tensors[CaseFile.TargetName];

    /// <summary>The hand-written gradients, by parameter name.</summary>
    public Dictionary<string, Tensor> Manual => Named(CaseFile.Manual);

    /// <summary>Autograd's gradients, by parameter name.</summary>
    public Dictionary<string, Tensor> Autograd => Named(CaseFile.Autograd);

    /// <summary>The central finite differences (float64), by parameter name.</summary>
    public Dictionary<string, Tensor> FiniteDifferences => Named(CaseFile.FiniteDifference);

    private Dictionary<string, Tensor> Named(string prefix) =>
        Tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);

    /// <summary>Disposes every tensor of the case.</summary>
    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}

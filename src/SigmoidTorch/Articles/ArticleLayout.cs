using SigmoidTorch.Data;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Articles;

/// <summary>
/// Converts between a model's parameters and the arrays the articles use (see <see cref="WeightLayout"/>), so a
/// port can start from the article's own starting weights and report its final weights the article's way.
/// </summary>
public static class ArticleLayout
{
    /// <summary>The model's parameters as named arrays in <paramref name="layout"/>.</summary>
    public static List<NamedArray> Export(BackpropModel model, WeightLayout layout)
    {
        using var scope = NewDisposeScope();
        var p = model.named_parameters().ToDictionary(x => x.name, x => x.parameter.detach());
        return (layout, model) switch
        {
            (WeightLayout.StateDict, _) => p.Select(kv => NamedArray.From(kv.Key, kv.Value)).ToList(),
            (WeightLayout.Synapse, SigmoidNeuron n) when n.Bias is null => new() { NamedArray.From("synapse_0", n.Weight.t()) },
            (WeightLayout.WeightBias, SigmoidNeuron n) => n.Bias is null
                ? new() { NamedArray.From("w", n.Weight.reshape(-1)) }
                : new() { NamedArray.From("w", n.Weight.reshape(-1)), NamedArray.From("b", n.Bias.reshape(Array.Empty<long>())) },
            (WeightLayout.HiddenOutput, TwoLayerNetwork net) => new()
            {
                NamedArray.From("Wh", PackedWeights.Pack(net.W1, net.B1)),
                NamedArray.From("Wz", PackedWeights.Pack(net.W2, net.B2)),
            },
            _ => throw Unsupported(model, layout),
        };
    }

    /// <summary>
    /// The model's parameters (by state_dict name) from named arrays in <paramref name="layout"/>, checked against
    /// the model's shapes; <paramref name="source"/> names the arrays' origin in error messages.
    /// </summary>
    public static Dictionary<string, Tensor> Import(BackpropModel model, IReadOnlyDictionary<string, NamedArray> arrays, WeightLayout layout, string source)
    {
        var (dtype, device) = (model.DType, model.Device);
        Tensor Get(string name, params long[] shape)
        {
            if (!arrays.TryGetValue(name, out var array))
                throw new SigmoidTorchException($"{source} has no array '{name}' (it has {(arrays.Count == 0 ? "none" : string.Join(", ", arrays.Keys.Select(k => $"'{k}'")))}); {model.Spec} needs {Expected(model, layout)}");
            if (!array.Shape.SequenceEqual(shape))
                throw new SigmoidTorchException($"{source}: '{name}' has shape {array.ShapeText} but {model.Spec} needs [{string.Join(", ", shape)}]");
            if (dtype == ScalarType.Float32 && array.Data.FirstOrDefault(v => Math.Abs(v) > float.MaxValue) is var big && big != 0)
                throw new SigmoidTorchException($"{source}: '{name}' holds {big}, too large for float32 (at most {float.MaxValue})");
            return array.ToTensor(dtype, device);
        }

        var extra = arrays.Keys.Except(ExpectedNames(model, layout)).ToList();
        if (extra.Count > 0)
            throw new SigmoidTorchException($"{source} has unexpected array(s) {string.Join(", ", extra.Select(k => $"'{k}'"))}; {model.Spec} needs {Expected(model, layout)}");

        switch (layout, model)
        {
            case (WeightLayout.StateDict, _):
                return model.named_parameters().ToDictionary(x => x.name, x => Get(x.name, x.parameter.shape));
            case (WeightLayout.Synapse, SigmoidNeuron n) when n.Bias is null:
                return new() { [n.NameOf(n.Weight)] = Get("synapse_0", n.Spec.Inputs, 1).t() };
            case (WeightLayout.WeightBias, SigmoidNeuron n):
                var weights = new Dictionary<string, Tensor> { [n.NameOf(n.Weight)] = Get("w", n.Spec.Inputs).reshape(1, -1) };
                if (n.Bias is not null) weights[n.NameOf(n.Bias)] = Get("b").reshape(1);
                return weights;
            case (WeightLayout.HiddenOutput, TwoLayerNetwork net):
                var spec = net.Spec;
                var wh = Get("Wh", spec.Inputs + (spec.HiddenBias ? 1 : 0), spec.Hidden);
                var wz = Get("Wz", spec.Hidden + (spec.OutputBias ? 1 : 0), spec.Outputs);
                var result = new Dictionary<string, Tensor>();
                SplitBiasRow(result, wh, net, net.W1, net.B1);
                SplitBiasRow(result, wz, net, net.W2, net.B2);
                return result;
            default:
                throw Unsupported(model, layout);
        }
    }

    /// <summary>Reads a weights file in <paramref name="layout"/> into the model's parameters.</summary>
    public static Dictionary<string, Tensor> Load(BackpropModel model, string path, WeightLayout layout) =>
        Import(model, NamedArrays.Load(path), layout, $"weights file '{path}'");

    private static void SplitBiasRow(Dictionary<string, Tensor> result, Tensor packed, BackpropModel model, Tensor weight, Tensor? bias)
    {
        var (w, b) = PackedWeights.Unpack(packed, bias is not null);
        result[model.NameOf(weight)] = w.contiguous();
        if (bias is not null) result[model.NameOf(bias)] = b!.contiguous();
    }

    private static IEnumerable<string> ExpectedNames(BackpropModel model, WeightLayout layout) => (layout, model) switch
    {
        (WeightLayout.StateDict, _) => model.named_parameters().Select(x => x.name),
        (WeightLayout.Synapse, _) => new[] { "synapse_0" },
        (WeightLayout.WeightBias, SigmoidNeuron n) => n.Bias is null ? new[] { "w" } : new[] { "w", "b" },
        (WeightLayout.HiddenOutput, _) => new[] { "Wh", "Wz" },
        _ => throw Unsupported(model, layout),
    };

    private static string Expected(BackpropModel model, WeightLayout layout) =>
        string.Join(", ", Export(model, layout).Select(a => $"'{a.Name}' {a.ShapeText}"));

    private static SigmoidTorchException Unsupported(BackpropModel model, WeightLayout layout) =>
        new($"the {layout} weight layout does not fit {model.Spec}");
}

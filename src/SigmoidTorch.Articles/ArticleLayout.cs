using SigmoidTorch.Data;
using SigmoidTorch.Fast;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Articles;

/// <summary>
/// Converts between a model's parameters and the arrays the articles use (see <see cref="WeightLayout"/>), so a
/// port can start from the article's own starting weights and report its final weights the article's way. Reading
/// needs only what the model is (its <see cref="ModelSpec"/>), not a model: the weights are read before one is built.
/// </summary>
public static class ArticleLayout
{
    /// <summary>The model's parameters as named arrays in <paramref name="layout"/>.</summary>
    public static List<NamedArray> Export(BackpropModel model, WeightLayout layout)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        return (layout, model) switch
        {
            (WeightLayout.Synapse, SigmoidNeuron n) when n.Bias is null => new() { NamedArray.From("synapse_0", n.Weight.t()) },
            (WeightLayout.WeightBias, SigmoidNeuron n) => n.Bias is null
                ? new() { NamedArray.From("w", n.Weight.reshape(-1)) }
                : new() { NamedArray.From("w", n.Weight.reshape(-1)), NamedArray.From("b", n.Bias.reshape(Array.Empty<long>())) },
            (WeightLayout.HiddenOutput, TwoLayerNetwork net) => new()
            {
                NamedArray.From("Wh", PackedWeights.Pack(net.W1, net.B1)),
                NamedArray.From("Wz", PackedWeights.Pack(net.W2, net.B2)),
            },
            _ => throw Unsupported(model.Spec, layout),
        };
    }

    /// <summary>
    /// The parameters of a model of <paramref name="spec"/>, by state_dict name, from named arrays in
    /// <paramref name="layout"/>, checked against the shapes the spec needs, as <paramref name="dtype"/> tensors on
    /// <paramref name="device"/>; <paramref name="source"/> names the arrays' origin in error messages.
    /// </summary>
    public static Dictionary<string, Tensor> Import(ModelSpec spec, ScalarType dtype, Device device, IReadOnlyDictionary<string, NamedArray> arrays,
                                                    WeightLayout layout, string source)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(arrays);
        var expected = Expected(spec, layout);
        string needs = string.Join(", ", expected.Select(e => $"'{e.Name}' [{string.Join(", ", e.Shape)}]"));
        var extra = arrays.Keys.Except(expected.Select(e => e.Name)).ToList();
        if (extra.Count > 0)
            throw new SigmoidTorchException($"{source} has unexpected array(s) {string.Join(", ", extra.Select(k => $"'{k}'"))}; {spec} needs {needs}");

        Tensor Get(string name)
        {
            long[] shape = expected.First(e => e.Name == name).Shape;
            if (!arrays.TryGetValue(name, out var array))
                throw new SigmoidTorchException($"{source} has no array '{name}' (it has {(arrays.Count == 0 ? "none" : string.Join(", ", arrays.Keys.Select(k => $"'{k}'")))}); {spec} needs {needs}");
            if (!array.Shape.SequenceEqual(shape))
                throw new SigmoidTorchException($"{source}: '{name}' has shape {array.ShapeText} but {spec} needs [{string.Join(", ", shape)}]");
            if (dtype == ScalarType.Float32 && array.Data.FirstOrDefault(v => Math.Abs(v) > float.MaxValue) is var big && big != 0)
                throw new SigmoidTorchException($"{source}: '{name}' holds {big}, too large for float32 (at most {float.MaxValue})");
            return array.ToTensor(dtype, device);
        }

        // The state_dict names of SigmoidNeuron (its Linear "linear") and TwoLayerNetwork (its Linears "hidden" and "output").
        switch (layout)
        {
            case WeightLayout.Synapse:
                return new() { ["linear.weight"] = Get("synapse_0").t() };
            case WeightLayout.WeightBias:
                var weights = new Dictionary<string, Tensor> { ["linear.weight"] = Get("w").reshape(1, -1) };
                if (spec.HasBias(1)) weights["linear.bias"] = Get("b").reshape(1);
                return weights;
            default:
                var result = new Dictionary<string, Tensor>();
                SplitBiasRow(result, "hidden", Get("Wh"), spec.HasBias(1));
                SplitBiasRow(result, "output", Get("Wz"), spec.HasBias(2));
                return result;
        }
    }

    /// <summary>Reads a weights file in <paramref name="layout"/> into the parameters of a model of <paramref name="spec"/> (see <see cref="Import"/>).</summary>
    public static Dictionary<string, Tensor> Load(ModelSpec spec, ScalarType dtype, Device device, string path, WeightLayout layout) =>
        Import(spec, dtype, device, NamedArrays.Load(path), layout, $"weights file '{path}'");

    private static void SplitBiasRow(Dictionary<string, Tensor> result, string layer, Tensor packed, bool hasBias)
    {
        var (w, b) = PackedWeights.Unpack(packed, hasBias);
        result[$"{layer}.weight"] = w.contiguous();
        if (b is not null) result[$"{layer}.bias"] = b.contiguous();
    }

    // The arrays a layout holds for a model of the spec, with their shapes, in the order they are read.
    private static List<(string Name, long[] Shape)> Expected(ModelSpec spec, WeightLayout layout) => (layout, spec) switch
    {
        (WeightLayout.Synapse, NeuronSpec { Bias: false }) => new() { ("synapse_0", new long[] { spec.Inputs, 1 }) },
        (WeightLayout.WeightBias, NeuronSpec neuron) => neuron.Bias
            ? new() { ("w", new long[] { spec.Inputs }), ("b", Array.Empty<long>()) }
            : new() { ("w", new long[] { spec.Inputs }) },
        (WeightLayout.HiddenOutput, NetworkSpec network) => new()
        {
            ("Wh", new long[] { spec.Inputs + (network.HiddenBias ? 1 : 0), network.Hidden }),
            ("Wz", new long[] { network.Hidden + (network.OutputBias ? 1 : 0), spec.Outputs }),
        },
        _ => throw Unsupported(spec, layout),
    };

    private static SigmoidTorchException Unsupported(ModelSpec spec, WeightLayout layout) =>
        new($"the {layout} weight layout does not fit {spec}");
}

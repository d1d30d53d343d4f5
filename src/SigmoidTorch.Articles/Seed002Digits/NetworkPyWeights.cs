using System.Text.Json;
using SigmoidTorch.Data;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Articles;

/// <summary>
/// A network's weights as Nielsen's network.py keeps them: <c>{"weights": [W¹, W², …], "biases": [b¹, b², …]}</c>, one
/// matrix per layer, Wˡ as nₗ rows of nₗ₋₁ numbers and bˡ as a column, nₗ rows of one number. DigitClassifier reads its
/// <c>--init-weights</c> in this layout and reports its final weights in it, so the same numbers can start network.py.
/// </summary>
public static class NetworkPyWeights
{
    /// <summary>The weights of <paramref name="net"/> in network.py's layout: [layer][row][column].</summary>
    public static (double[][][] Weights, double[][][] Biases) Export(DeepNetwork net)
    {
        ArgumentNullException.ThrowIfNull(net);
        var weights = new double[net.Depth][][];
        var biases = new double[net.Depth][][];
        for (int l = 1; l <= net.Depth; l++)
        {
            weights[l - 1] = Rows(NamedArray.From("w", net.W(l)));
            biases[l - 1] = net.B(l) is { } b ? Rows(NamedArray.From("b", b.reshape(-1, 1))) : throw Unbiased(net.Spec);
        }
        return (weights, biases);
    }

    /// <summary>Reads the weights file at <paramref name="path"/> for a network of <paramref name="spec"/>: by state_dict name, in <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    public static Dictionary<string, Tensor> Load(string path, ModelSpec spec, ScalarType dtype, Device device) =>
        Parse(InputFile.ReadText(path, $"weights file '{path}'"), spec, $"weights file '{path}'", dtype, device);

    /// <summary>
    /// The weights of a network of <paramref name="spec"/> from <paramref name="json"/>, by state_dict name. A file of
    /// another depth, a matrix of another shape, other keys, ragged rows or values that are not numbers are refused with
    /// a one-line <see cref="SigmoidTorchException"/> that names what <paramref name="what"/> holds and what the network needs.
    /// </summary>
    public static Dictionary<string, Tensor> Parse(string json, ModelSpec spec, string what, ScalarType dtype, Device device)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (Enumerable.Range(1, spec.Depth).Any(l => !spec.HasBias(l))) throw Unbiased(spec);
        if (string.IsNullOrWhiteSpace(json)) throw new SigmoidTorchException($"{what} is empty");
        using (var document = NamedArrays.ParseDocument(json, what))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new SigmoidTorchException($"{what} must hold a JSON object {Layout(spec)}, found a JSON {root.ValueKind.ToString().ToLowerInvariant()}");
            // Every value is read as numbers first (as every weights file is), then the names and shapes are checked.
            var layers = new Dictionary<string, List<NamedArray>>();
            var extra = new List<string>();
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("weights" or "biases"))
                {
                    NamedArrays.Read(property.Name, property.Value, $"{what}: '{property.Name}'");
                    extra.Add(property.Name);
                    continue;
                }
                if (property.Value.ValueKind != JsonValueKind.Array)
                    throw new SigmoidTorchException($"{what}: \"{property.Name}\" must be a list of one matrix per layer, found a JSON {property.Value.ValueKind.ToString().ToLowerInvariant()}");
                layers[property.Name] = property.Value.EnumerateArray().Select((element, i) => NamedArrays.Read($"{property.Name}[{i}]", element, $"{what}: {property.Name}[{i}]")).ToList();
            }
            if (extra.Count > 0)
                throw new SigmoidTorchException($"{what} has unexpected array(s) {string.Join(", ", extra.Select(n => $"'{Data.NumberText.Quote(n)}'"))}; {spec} needs {Layout(spec)} (from a run's --json: jq '{{weights, biases}}')");
            foreach (var key in new[] { "weights", "biases" }.Where(k => !layers.ContainsKey(k)))
                throw new SigmoidTorchException($"{what} has no \"{key}\"; {spec} needs {Layout(spec)}");
            var result = new Dictionary<string, Tensor>();
            foreach (var (key, suffix) in new[] { ("weights", "weight"), ("biases", "bias") })
            {
                var arrays = layers[key];
                if (arrays.Count != spec.Depth)
                    throw new SigmoidTorchException($"{what} has {arrays.Count} matrices in \"{key}\", but {spec} has {spec.Depth} layer(s); it needs {Layout(spec)}");
                for (int l = 1; l <= spec.Depth; l++)
                {
                    var array = arrays[l - 1];
                    long[] shape = key == "weights" ? [spec.Sizes[l], spec.Sizes[l - 1]] : [spec.Sizes[l], 1];
                    if (!array.Shape.SequenceEqual(shape))
                        throw new SigmoidTorchException($"{what}: {key}[{l - 1}] has shape {array.ShapeText}, but {spec} needs [{string.Join(", ", shape)}] there");
                    if (dtype == ScalarType.Float32 && array.Data.FirstOrDefault(v => Math.Abs(v) > float.MaxValue) is var big && big != 0)
                        throw new SigmoidTorchException($"{what}: {key}[{l - 1}] holds {big}, too large for float32 (at most {float.MaxValue})");
                    var value = array.ToTensor(dtype, device);
                    result[$"layers.{l - 1}.{suffix}"] = suffix == "bias" ? value.reshape(-1) : value;
                }
            }
            return result;
        }
    }

    private static string Layout(ModelSpec spec) =>
        $"{{\"weights\": [{string.Join(", ", Enumerable.Range(1, spec.Depth).Select(l => $"[{spec.Sizes[l]} × {spec.Sizes[l - 1]}]"))}], "
        + $"\"biases\": [{string.Join(", ", Enumerable.Range(1, spec.Depth).Select(l => $"[{spec.Sizes[l]} × 1]"))}]}}";

    private static SigmoidTorchException Unbiased(ModelSpec spec) => new($"network.py's layout gives every layer a bias; {spec} has a layer without one");

    private static double[][] Rows(NamedArray matrix) =>
        Enumerable.Range(0, (int)matrix.Shape[0]).Select(r => matrix.Data.AsSpan(r * (int)matrix.Shape[1], (int)matrix.Shape[1]).ToArray()).ToArray();
}

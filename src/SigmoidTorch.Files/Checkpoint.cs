using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SigmoidTorch.Functions;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Data;

/// <summary>
/// A trained model on disk: what it is (<see cref="ModelSpec"/>), its dtype, its weights by state_dict name, free-form
/// metadata, and a SHA-256 of everything that decides what is loaded (format version, spec, dtype and weights), so that
/// a damaged file is refused rather than loaded wrong. The file is UTF-8 JSON (format described in README,
/// "Checkpoints"); saving is atomic. This is the one place where a spec becomes text and text a spec. A neuron or a
/// two-layer network is written as version 2, a <see cref="DeepNetwork"/> (whose spec lists its layer sizes) as version
/// 3; versions 1 (whose SHA-256 covers the weights only) to 3 load.
/// </summary>
public static class Checkpoint
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string Format = "sigmoidtorch-checkpoint";

    /// <summary>The newest version this code writes and reads (it also reads <see cref="OldestVersion"/> and later).</summary>
    public const int Version = 3;

    /// <summary>The version this code writes for a neuron or a two-layer network: version 3 adds only the deep network.</summary>
    public const int TwoLayerVersion = 2;

    /// <summary>The oldest version this code reads: version 1's SHA-256 covers the weights only.</summary>
    public const int OldestVersion = 1;

    /// <summary>
    /// Saves <paramref name="model"/> to <paramref name="path"/> atomically; returns the full path. A checkpoint larger
    /// than <see cref="InputFile.MaxBytes"/> (about 2.5 million weights), which could not be loaded again, is refused.
    /// </summary>
    public static string Save(string path, BackpropModel model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        List<NamedArray> weights;
        using (NewDisposeScope())
            weights = model.named_parameters().Select(p => NamedArray.From(p.name, p.parameter)).ToList();
        string parameters = NamedArrays.Serialize(weights);
        var spec = model.Spec;
        int version = spec is DeepSpec ? Version : TwoLayerVersion;
        string dtype = model.DType == ScalarType.Float32 ? "float32" : "float64";
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = version,
            ["spec"] = SpecJson(spec),
            ["dtype"] = dtype,
            ["metadata"] = new JsonObject((metadata ?? new Dictionary<string, string>()).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["parameters"] = JsonNode.Parse(parameters),
            ["sha256"] = Hash(version, spec, dtype, parameters),
        };
        byte[] bytes = Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        if (bytes.Length > InputFile.MaxBytes)
            throw new SigmoidTorchException($"cannot write '{path}': a checkpoint of {spec} would be {bytes.Length / 1048576.0:F1} MiB, more than the {InputFile.MaxBytes >> 20} MiB a checkpoint may have to be loaded again");
        return AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>What a checkpoint holds.</summary>
    /// <param name="Model">The rebuilt model, weights loaded, on the requested device.</param>
    /// <param name="Metadata">The metadata saved with it.</param>
    public sealed record Loaded(BackpropModel Model, IReadOnlyDictionary<string, string> Metadata);

    /// <summary>
    /// Loads the checkpoint at <paramref name="path"/> onto <paramref name="device"/>. When <paramref name="expected"/> is
    /// given, a checkpoint of another architecture is refused. Any damage (truncation, bad JSON, missing fields, wrong
    /// shapes, a checksum that does not match, float32 weights that float32 cannot hold) gives a one-line
    /// <see cref="SigmoidTorchException"/>. The file must be a regular file of at most <see cref="InputFile.MaxBytes"/>.
    /// </summary>
    public static Loaded Load(string path, Device? device = null, ModelSpec? expected = null)
    {
        string what = $"checkpoint '{path}'";
        string text = InputFile.ReadText(path, what);
        if (text.Length == 0) throw new SigmoidTorchException($"{what} is empty");

        JsonNode root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false })
                   ?? throw new SigmoidTorchException($"{what} holds JSON null");
        }
        catch (JsonException e) when (DuplicateName(e) is { } name)
        {
            throw new SigmoidTorchException($"{what} is damaged: an object names {AsciiQuoted(name)} twice");
        }
        catch (InvalidOperationException e)
        {
            // A name with a lone UTF-16 surrogate ("\ud800"): valid JSON syntax, but not text.
            throw new SigmoidTorchException($"{what} is damaged: not valid JSON text ({e.Message.Split('\n')[0]})");
        }
        catch (JsonException e)
        {
            throw new SigmoidTorchException($"{what} is damaged or truncated: not valid JSON ({NamedArrays.Describe(e)})");
        }
        try
        {
            if (root is not JsonObject obj || !(obj["format"] is JsonValue format && format.TryGetValue<string>(out var f) && f == Format))
            {
                string message = $"{what} is not a SigmoidTorch checkpoint (no \"format\": \"{Format}\")";
                throw root is JsonObject { Count: > 0 } o && o.All(kv => kv.Value is JsonArray or JsonValue) && o["format"] is null
                    ? new WeightsFileKindException(message, isCheckpoint: false)      // it holds named arrays
                    : new SigmoidTorchException(message);
            }
            if (obj["version"] is null) throw new SigmoidTorchException($"{what} has no \"version\" (this build reads versions {OldestVersion} to {Version})");
            int version = Required<int>(obj, "version", what);
            if (version is < OldestVersion or > Version)
                throw new SigmoidTorchException($"{what} has version {version}; this build reads versions {OldestVersion} to {Version}");
            var s = obj["spec"] as JsonObject ?? throw new SigmoidTorchException($"{what} has no \"spec\" object");
            ModelSpec spec;
            try
            {
                spec = ReadSpec(s, version);
                spec.Validate();
            }
            catch (SigmoidTorchException e)
            {
                throw new SigmoidTorchException($"{what} is damaged: {e.Message}", e);
            }
            if (expected is not null && expected != spec)
                throw new SigmoidTorchException($"{what} holds {spec}, but this run needs {expected}");
            string dtypeName = Required<string>(obj, "dtype", what);
            var dtype = dtypeName switch
            {
                "float32" => ScalarType.Float32,
                "float64" => ScalarType.Float64,
                var other => throw new SigmoidTorchException($"{what} has dtype '{other}'; expected float32 or float64"),
            };
            var parameters = obj["parameters"] as JsonObject ?? throw new SigmoidTorchException($"{what} has no \"parameters\" object");
            var arrays = NamedArrays.Parse(parameters.ToJsonString(), what);
            string canonical = WrittenText(parameters);
            if ((version == 1 ? HashOfText(canonical) : Hash(version, spec, dtypeName, canonical)) != Required<string>(obj, "sha256", what))
                throw new SigmoidTorchException(version == 1
                    ? $"{what} is damaged: its weights do not match their SHA-256"
                    : $"{what} is damaged: its spec, dtype or weights do not match their SHA-256");
            if (dtype == ScalarType.Float32 && arrays.Values.SelectMany(a => a.Data.Select(v => (a.Name, v))).FirstOrDefault(p => (double)(float)p.v != p.v) is ({ } name, var value))
                throw new SigmoidTorchException($"{what} is damaged: its dtype is float32, but '{name}' holds {value:R}, which float32 cannot hold");
            // The spec's sizes must account for the weights exactly before a model of that size is built (a damaged size could ask for gigabytes).
            long values = arrays.Values.Sum(a => (long)a.Data.Length);
            long needed = spec.ParameterCount;
            if (needed != values)
                throw new SigmoidTorchException($"{what} is damaged: {spec} has {needed} weights but the file holds {values}");
            var metadata = (obj["metadata"] as JsonObject)?.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "") ?? new Dictionary<string, string>();

            var model = spec.Build(dtype, device);
            try
            {
                model.SetParameters(arrays.ToDictionary(a => a.Key, a => a.Value.ToTensor(dtype, device)));
            }
            catch (SigmoidTorchException e)
            {
                model.Dispose();
                throw new SigmoidTorchException($"{what} is damaged: {e.Message}", e);
            }
            return new Loaded(model, metadata);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or ArgumentException)
        {
            throw new SigmoidTorchException($"{what} is damaged: {e.Message.Split('\n')[0]}");
        }
    }

    // A field of the file (what names the file in the message) or of its spec (what is null: the caller says which file, once).
    private static T Required<T>(JsonObject obj, string name, string? what)
    {
        var node = obj[name] ?? throw new SigmoidTorchException(what is null ? $"\"{name}\" is missing" : $"{what} has no \"{name}\"");
        if (node is JsonValue value && value.TryGetValue<T>(out var result)) return result;
        string kind = typeof(T) == typeof(int) ? "a whole number" : typeof(T) == typeof(bool) ? "true or false" : "a string";
        string problem = $"\"{name}\" must be {kind}, found {Shown(node)}";
        throw new SigmoidTorchException(what is null ? problem : $"{what} is damaged: {problem}");
    }

    // The name a JSON object repeats, from the parser's error ("Duplicate property 'dtype' encountered …"), or null for another error.
    private static string? DuplicateName(JsonException e) =>
        System.Text.RegularExpressions.Regex.Match(e.Message, "^Duplicate property '(.*)' encountered") is { Success: true } m ? m.Groups[1].Value : null;

    // The kinds' names in the file.
    private const string NeuronKind = "neuron", NetworkKind = "mlp", DeepKind = "deep";

    // A spec's fields as the file writes them: a neuron or a two-layer network by its three sizes (as versions 1 and 2
    // wrote them, a neuron with hidden 0 and its bias as the hidden one), a deep network by its list of layer sizes.
    private static (string Kind, string Sizes, bool HiddenBias, bool OutputBias) Fields(ModelSpec spec) => spec switch
    {
        NeuronSpec n => (NeuronKind, $"{n.Inputs},0,1", n.Bias, false),
        NetworkSpec n => (NetworkKind, $"{n.Inputs},{n.Hidden},{n.Outputs}", n.HiddenBias, n.OutputBias),
        DeepSpec d => (DeepKind, $"[{string.Join(',', d.Sizes)}]", d.HiddenBias, d.OutputBias),
        _ => throw new ArgumentException($"unknown kind of model spec {spec.GetType().Name}", nameof(spec)),
    };

    private static JsonObject SpecJson(ModelSpec spec)
    {
        var (kind, _, hiddenBias, outputBias) = Fields(spec);
        var json = new JsonObject { ["kind"] = kind };
        if (spec is DeepSpec)
        {
            json["layers"] = new JsonArray(spec.Sizes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
        }
        else
        {
            json["inputs"] = spec.Inputs;
            json["hidden"] = spec is NetworkSpec network ? network.Hidden : 0;
            json["outputs"] = spec.Outputs;
        }
        json["activation"] = spec.Activation.Name;
        json["output_activation"] = spec.OutputActivation.Name;
        json["hidden_bias"] = hiddenBias;
        json["output_bias"] = outputBias;
        return json;
    }

    // The spec a file describes (not yet validated): its kind, sizes, activations (by name) and bias flags.
    private static ModelSpec ReadSpec(JsonObject s, int version)
    {
        string kind = Required<string>(s, "kind", null);
        if (kind is not (NeuronKind or NetworkKind or DeepKind))
            throw new SigmoidTorchException($"unknown model kind '{kind}': expected {NeuronKind}, {NetworkKind} or {DeepKind}");
        if (kind == DeepKind && version < Version)
            throw new SigmoidTorchException($"kind '{DeepKind}' first appears in version {Version}, but the file says version {version}");
        // The sizes first, as the file lists them, then the activations and the bias flags.
        int[] sizes = kind == DeepKind ? Layers(s)
            : [Required<int>(s, "inputs", null), Required<int>(s, "hidden", null), Required<int>(s, "outputs", null)];
        var (f, g) = (Activation.Parse(Required<string>(s, "activation", null)), Activation.Parse(Required<string>(s, "output_activation", null)));
        bool hiddenBias = Required<bool>(s, "hidden_bias", null), outputBias = Required<bool>(s, "output_bias", null);
        if (kind == DeepKind)
            return new DeepSpec(sizes, f, g, hiddenBias, outputBias);
        if (kind == NetworkKind)
            return new NetworkSpec(sizes[0], sizes[1], sizes[2], f, g, hiddenBias, outputBias);
        if (sizes[1] != 0) throw new SigmoidTorchException($"a neuron has no hidden layer, got hidden={sizes[1]}");
        if (sizes[2] != 1) throw new SigmoidTorchException($"a sigmoid neuron has exactly one output, got outputs={sizes[2]}");
        if (f != Activation.Sigmoid || g != Activation.Sigmoid)
            throw new SigmoidTorchException($"a sigmoid neuron's activation is the sigmoid, got {f}/{g}");
        if (outputBias) throw new SigmoidTorchException("a neuron has one bias, written as hidden_bias: output_bias must be false");
        return new NeuronSpec(sizes[0], hiddenBias);
    }

    // A deep network's "layers": an array of whole numbers, no longer than a network may be.
    private static int[] Layers(JsonObject s)
    {
        var layers = s["layers"] as JsonArray ?? throw new SigmoidTorchException($"\"layers\" must be an array of layer sizes, found {Shown(s["layers"])}");
        if (layers.Count > RunLimits.MaxLayers)
            throw new SigmoidTorchException($"\"layers\" lists {layers.Count} sizes, more than the {RunLimits.MaxLayers} a network may have");
        return layers.Select(n => n is JsonValue v && v.TryGetValue<int>(out int size) ? size
            : throw new SigmoidTorchException($"\"layers\" must hold whole numbers, found {Shown(n)}")).ToArray();
    }

    private static string Shown(JsonNode? node)
    {
        string text = node?.ToJsonString() ?? "nothing";
        return text.Length > 40 ? text[..40] + "…" : text;
    }

    /// <summary>
    /// The SHA-256 a checkpoint of version 2 or 3 carries: of the UTF-8 text of four lines joined by "\n": the format
    /// and version (<c>sigmoidtorch-checkpoint/2</c>), the spec's fields in their file order joined by commas
    /// (<c>spec mlp,1,5,1,sigmoid,sigmoid,true,false</c>; a deep network's sizes as one bracketed list,
    /// <c>spec deep,[64,30,10],sigmoid,sigmoid,true,true</c>), the dtype (<c>dtype float64</c>), and the weights written
    /// compactly (<c>parameters {"hidden.weight": [[0.5], …], …}</c>, see <see cref="WrittenText"/>). A saved file
    /// holds the weights as <see cref="NamedArrays.Serialize"/> writes them, so that the two texts are the same.
    /// </summary>
    private static string Hash(int version, ModelSpec spec, string dtype, string parameters) => HashOfText(string.Join('\n',
        $"{Format}/{version}",
        SpecLine(spec),
        $"dtype {dtype}",
        $"parameters {parameters}"));

    // spec mlp,1,5,1,sigmoid,sigmoid,true,false
    private static string SpecLine(ModelSpec spec)
    {
        var (kind, sizes, hiddenBias, outputBias) = Fields(spec);
        return $"spec {kind},{sizes},{spec.Activation},{spec.OutputActivation},{Bool(hiddenBias)},{Bool(outputBias)}";
    }

    /// <summary>
    /// The weights as the SHA-256 covers them, and as the README's Python check rebuilds them: <c>{</c>, each name as
    /// Python's json.dumps writes it (every character outside ASCII space to <c>~</c> escaped, <c>\u</c> with lower-case
    /// hex) + <c>": "</c> + its value, joined by <c>", "</c>, <c>}</c>; arrays as <c>[a, b]</c>; each number exactly as the
    /// file writes it (<c>1.0</c>, <c>1e300</c> and <c>-0.0</c> stay what they are), so that a number edited by hand
    /// with the checksum recomputed from the file's text loads. Only numbers and arrays are left when it is called.
    /// </summary>
    private static string WrittenText(JsonObject parameters)
    {
        var text = new StringBuilder("{");
        foreach (var (name, value) in parameters)
        {
            if (text.Length > 1) text.Append(", ");
            AppendAscii(text, name);
            text.Append(": ");
            AppendWritten(text, value);
        }
        return text.Append('}').ToString();
    }

    private static void AppendWritten(StringBuilder text, JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            text.Append(node?.ToJsonString());                           // a number parsed from the file writes its own text
            return;
        }
        text.Append('[');
        for (int i = 0; i < array.Count; i++)
        {
            if (i > 0) text.Append(", ");
            AppendWritten(text, array[i]);
        }
        text.Append(']');
    }

    // A name as the message shows it: escaped as the checksum writes it (no line breaks), at most 60 characters.
    private static string AsciiQuoted(string name) => NumberText.Quote(AppendAscii(new StringBuilder(), name).ToString());

    private static StringBuilder AppendAscii(StringBuilder text, string name)
    {
        text.Append('"');
        foreach (char c in name)
            _ = c switch
            {
                '"' or '\\' => text.Append('\\').Append(c),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                < ' ' or > '~' => text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        return text.Append('"');
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string HashOfText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

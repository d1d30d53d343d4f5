using System.Text;
using System.Text.Json.Nodes;
using SigmoidTorch.Data;
using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Files;

/// <summary>
/// Checkpoints: a save is atomic (a save that fails midway leaves the previous file byte for byte and no temporary
/// file), and a damaged, empty, foreign or wrong-architecture file is refused with a one-line
/// <see cref="SigmoidTorchException"/> and changes nothing.
/// </summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sigmoidtorch-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static readonly ModelSpec Sine = ModelSpec.Network(1, 5, 1, Activation.Sigmoid, null, hiddenBias: true, outputBias: false);

    /// <summary>A model with distinct, seeded weights.</summary>
    internal static BackpropModel Seeded(ModelSpec spec, ScalarType dtype = ScalarType.Float64, ulong seed = 3)
    {
        using var gen = new Generator(seed);
        var model = spec.Build(dtype);
        model.SetParameters(model.named_parameters().ToDictionary(p => p.name, p => rand(p.parameter.shape, dtype: ScalarType.Float64, generator: gen).Times(4).Minus(2).to(dtype)));
        return model;
    }

    public static TheoryData<string, string> Specs => new()
    {
        { "sine", "float64" }, { "sine", "float32" }, { "neuron", "float64" }, { "neuron-no-bias", "float32" }, { "wide", "float64" },
    };

    internal static ModelSpec SpecNamed(string name) => name switch
    {
        "sine" => Sine,
        "neuron" => ModelSpec.Neuron(2),
        "neuron-no-bias" => ModelSpec.Neuron(2, bias: false),
        "wide" => ModelSpec.Network(3, 4, 2, Activation.Tanh, Activation.Identity),
        _ => throw new ArgumentException(name),
    };

    [Theory, MemberData(nameof(Specs))]
    public void SaveThenLoadGivesBackTheSameModelBitForBit(string spec, string dtype)
    {
        using var scope = NewDisposeScope();
        var type = dtype == "float32" ? ScalarType.Float32 : ScalarType.Float64;
        var model = Seeded(SpecNamed(spec), type);
        string path = Checkpoint.Save(Path.Combine(dir, "model.ckpt"), model, new Dictionary<string, string> { ["example"] = "test", ["note"] = "ünïcode \"quoted\"" });
        var loaded = Checkpoint.Load(path, CPU, model.Spec);
        Assert.Equal(model.Spec, loaded.Model.Spec);
        Assert.Equal(type, loaded.Model.DType);
        Assert.Equal("ünïcode \"quoted\"", loaded.Metadata["note"]);
        foreach (var ((name, a), (_, b)) in model.named_parameters().Zip(loaded.Model.named_parameters()))
            Assert.True(a.detach().eq(b.detach()).all().item<bool>(), name);
        Assert.Single(Directory.GetFiles(dir));
    }

    /// <summary>The save fails after part of the bytes went out: the previous checkpoint is intact and no temporary file is left.</summary>
    [Fact]
    public void ASaveThatFailsMidwayLeavesThePreviousCheckpointIntact()
    {
        using var scope = NewDisposeScope();
        string path = Path.Combine(dir, "model.ckpt");
        Checkpoint.Save(path, Seeded(Sine, seed: 1));
        byte[] before = File.ReadAllBytes(path);
        Checkpoint.Save(Path.Combine(dir, "other.ckpt"), Seeded(Sine, seed: 2));
        byte[] replacement = File.ReadAllBytes(Path.Combine(dir, "other.ckpt"));
        File.Delete(Path.Combine(dir, "other.ckpt"));

        foreach (int written in new[] { 0, 1, replacement.Length / 2, replacement.Length - 1, replacement.Length })
        {
            var e = Assert.Throws<SigmoidTorchException>(() => AtomicFile.Write(path, stream =>
            {
                stream.Write(replacement, 0, written);
                stream.Flush();
                throw new IOException($"simulated failure after {written} bytes");
            }));
            Assert.Contains($"cannot write '{path}': simulated failure after {written} bytes", e.Message, StringComparison.Ordinal);
            Assert.IsType<IOException>(e.InnerException);
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));   // no temporary file left behind
            Assert.Equal(Sine, Checkpoint.Load(path).Model.Spec);
        }
    }

    /// <summary>A save that cannot rename its temporary file over the target (the target is a folder) removes the temporary file.</summary>
    [Fact]
    public void ASaveThatCannotReplaceTheTargetLeavesNoTemporaryFile()
    {
        using var scope = NewDisposeScope();
        string target = Directory.CreateDirectory(Path.Combine(dir, "taken")).FullName;
        var e = Assert.Throws<SigmoidTorchException>(() => Checkpoint.Save(target, Seeded(Sine)));
        Assert.Contains($"cannot write '{target}'", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir));
        Assert.Empty(Directory.GetFileSystemEntries(target));
    }

    /// <summary>A writer that fails with something other than a file-system error: the same guarantees, and its own exception.</summary>
    [Fact]
    public void AWriterThatFailsOtherwiseAlsoLeavesThePreviousCheckpointIntact()
    {
        string path = Path.Combine(dir, "model.ckpt");
        File.WriteAllText(path, "previous");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new InvalidOperationException("serializer bug");
        }));
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(dir));
    }

    /// <summary>A save into a folder that cannot be created (a file is in the way) says so.</summary>
    [Fact]
    public void ASaveIntoAnImpossibleFolderSaysWhy()
    {
        using var scope = NewDisposeScope();
        File.WriteAllText(Path.Combine(dir, "file.txt"), "x");
        var e = Assert.Throws<SigmoidTorchException>(() => Checkpoint.Save(Path.Combine(dir, "file.txt", "model.ckpt"), Seeded(Sine)));
        Assert.Contains("file.txt' is a regular file, not a folder", e.Message, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(Path.Combine(dir, "file.txt")));
    }

    /// <summary>A successful save replaces the previous file completely.</summary>
    [Fact]
    public void ASuccessfulSaveReplacesThePreviousCheckpoint()
    {
        using var scope = NewDisposeScope();
        string path = Path.Combine(dir, "model.ckpt");
        Checkpoint.Save(path, Seeded(Sine, seed: 1));
        var second = Seeded(Sine, seed: 2);
        Checkpoint.Save(path, second);
        var loaded = Checkpoint.Load(path);
        Assert.True(loaded.Model.parameters().First().eq(second.parameters().First()).all().item<bool>());
        Assert.Single(Directory.GetFiles(dir));
    }

    /// <summary>One way to damage a good checkpoint (its text), the spec the loader is asked for, and words the error must contain.</summary>
    public sealed record Damage(string Name, Func<string, string> Apply, ModelSpec? Expected, params string[] Words)
    {
        /// <summary>The exception the load must throw: this type exactly.</summary>
        public Type Thrown { get; init; } = typeof(SigmoidTorchException);
    }

    private static string Json(string text, Action<JsonObject> change)
    {
        var root = JsonNode.Parse(text)!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    private static readonly Damage[] Damages =
    {
        new("empty file", _ => "", null, "is empty"),
        new("whitespace only", _ => "  \n ", null, "not valid JSON"),
        new("truncated to 10 bytes", t => t[..10], null, "damaged or truncated"),
        new("truncated to half", t => t[..(t.Length / 2)], null, "damaged or truncated"),
        new("last brace lost", t => t.TrimEnd()[..^1], null, "damaged or truncated"),
        new("a weight's digit changed", t => ChangeFirstWeightDigit(t), null, "SHA-256"),
        new("a weight's byte flipped to a letter", t => FlipInParameters(t, 'x'), null, "damaged"),
        new("weights and checksum from different files", t => Json(t, o => o["sha256"] = new string('0', 64)), null, "SHA-256"),
        new("checksum missing", t => Json(t, o => o.Remove("sha256")), null, "no \"sha256\""),
        new("a weight array missing", t => Json(t, o => o["parameters"]!.AsObject().Remove("output.weight")), null, "damaged"),
        new("parameters missing", t => Json(t, o => o.Remove("parameters")), null, "no \"parameters\""),
        new("hidden size changed", t => Json(t, o => o["spec"]!["hidden"] = 6), null, "damaged", "spec, dtype or weights do not match their SHA-256"),
        new("hidden size made huge", t => Json(t, o => o["spec"]!["hidden"] = 2_000_000_000), null, "damaged", "2000000000"),
        new("hidden size negative", t => Json(t, o => o["spec"]!["hidden"] = -5), null, "hidden=-5"),
        new("hidden size not a whole number", t => Json(t, o => o["spec"]!["hidden"] = 5.5), null, "\"hidden\" must be a whole number", "found 5.5"),
        new("hidden size as text", t => Json(t, o => o["spec"]!["hidden"] = "5"), null, "\"hidden\" must be a whole number"),
        new("bias flag as a number", t => Json(t, o => o["spec"]!["hidden_bias"] = 1), null, "\"hidden_bias\" must be true or false"),
        new("format as an object", t => Json(t, o => o["format"] = new JsonObject()), null, "not a SigmoidTorch checkpoint"),
        new("duplicate key", t => t.Replace("\"dtype\": \"float64\"", "\"dtype\": \"float64\", \"dtype\": \"float32\"", StringComparison.Ordinal), null, "is damaged: an object names \"dtype\" twice"),
        new("a spec key duplicated", t => t.Replace("\"kind\": \"mlp\"", "\"kind\": \"mlp\", \"kind\": \"mlp\"", StringComparison.Ordinal), null, "is damaged: an object names \"kind\" twice"),
        new("inputs as text", t => Json(t, o => o["spec"]!["inputs"] = "1"), null, "is damaged: \"inputs\" must be a whole number, found \"1\""),
        new("a spec field missing", t => Json(t, o => o["spec"]!.AsObject().Remove("output_bias")), null, "is damaged: \"output_bias\" is missing"),
        new("spec missing", t => Json(t, o => o.Remove("spec")), null, "no \"spec\""),
        new("activation unknown", t => Json(t, o => o["spec"]!["activation"] = "swish"), null, "'swish'"),
        new("dtype unknown", t => Json(t, o => o["dtype"] = "float16"), null, "dtype 'float16'"),
        new("another architecture than the run's", t => t, ModelSpec.Network(1, 3, 1, Activation.Sigmoid, null, true, false), "holds mlp[1→5→1", "needs mlp[1→3→1"),
        new("another activation than the run's", t => t, ModelSpec.Network(1, 5, 1, Activation.Tanh, null, true, false), "holds", "tanh"),
        new("another format", t => Json(t, o => o["format"] = "pytorch-state-dict"), null, "not a SigmoidTorch checkpoint"),
        new("no format", t => Json(t, o => o.Remove("format")), null, "not a SigmoidTorch checkpoint"),
        new("a file of named arrays", _ => """{"Wh": [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5]], "Wz": [[1], [2], [3], [4], [5]]}""", null, "not a SigmoidTorch checkpoint (no \"format\"")
            { Thrown = typeof(WeightsFileKindException) },
        new("a newer version", t => Json(t, o => o["version"] = 4), null, "version 4", "reads versions 1 to 3"),
        new("kind unknown", t => Json(t, o => o["spec"]!["kind"] = "cnn"), null, "damaged", "unknown model kind 'cnn'", "neuron, mlp or deep"),
        new("dtype changed to float32", t => Json(t, o => o["dtype"] = "float32"), null, "damaged", "spec, dtype or weights do not match their SHA-256"),
        new("output activation changed", t => Json(t, o => o["spec"]!["output_activation"] = "identity"), null, "spec, dtype or weights do not match their SHA-256"),
        new("activations swapped for another of the same size", t => Json(t, o => (o["spec"]!["activation"], o["spec"]!["output_activation"]) = ("tanh", "tanh")), null, "do not match their SHA-256"),
        new("version 1 with the version 2 checksum", t => Json(t, o => o["version"] = 1), null, "its weights do not match their SHA-256"),
        new("version 1 whose float64 weights are called float32", t => AsVersion1(Json(t, o => o["dtype"] = "float32")), null, "its dtype is float32", "which float32 cannot hold"),
        new("version as text", t => Json(t, o => o["version"] = "1"), null, "damaged", "\"version\" must be a whole number", "found \"1\""),
        new("version missing", t => Json(t, o => o.Remove("version")), null, "no \"version\""),
        new("a JSON array", _ => "[1, 2, 3]", null, "not a SigmoidTorch checkpoint"),
        new("JSON null", _ => "null", null, "JSON null"),
        new("a NaN weight", t => t.Replace("\"parameters\": {\n    \"hidden.weight\": [\n      [\n        ", "\"parameters\": {\n    \"hidden.weight\": [\n      [\n        NaN, ", StringComparison.Ordinal), null, "damaged or truncated"),
        new("binary garbage", _ => Encoding.Latin1.GetString(Enumerable.Range(0, 300).Select(i => (byte)(i * 37 % 256)).ToArray()), null, "not valid JSON"),
        new("nested 10,000 deep", _ => new string('[', 10_000) + new string(']', 10_000), null, "not valid JSON"),
    };

    public static TheoryData<string> DamageNames => new(Damages.Select(d => d.Name));

    [Theory, MemberData(nameof(DamageNames))]
    public void ADamagedCheckpointIsRefusedAndChangesNothing(string name)
    {
        var damage = Damages.Single(d => d.Name == name);
        using var scope = NewDisposeScope();
        string good = Path.Combine(dir, "good.ckpt");
        Checkpoint.Save(good, Seeded(Sine));
        string text = File.ReadAllText(good);
        string damaged = damage.Apply(text);
        Assert.True(damaged != text || damage.Expected is not null, "the damage changed nothing");
        string path = Path.Combine(dir, "damaged.ckpt");
        File.WriteAllText(path, damaged);
        byte[] bytes = File.ReadAllBytes(path);

        var e = Assert.ThrowsAny<SigmoidTorchException>(() => Checkpoint.Load(path, CPU, damage.Expected));
        Assert.Equal(damage.Thrown, e.GetType());
        Assert.DoesNotContain('\n', e.Message);
        Assert.True(e.Message.Split("is damaged").Length <= 2, $"'is damaged' more than once: {e.Message}");
        Assert.True(e.Message.Split("damaged.ckpt").Length == 2, $"the file named more than once: {e.Message}");
        Assert.Contains("damaged.ckpt", e.Message, StringComparison.Ordinal);
        foreach (var word in damage.Words)
            Assert.Contains(word, e.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(new[] { "damaged.ckpt", "good.ckpt" }, Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A UTF-8 byte order mark is no damage: a checkpoint, a weights file and a CSV data file that start with one read
    /// exactly as without it (each input file the same way).
    /// </summary>
    [Fact]
    public void EveryInputFileMayStartWithAByteOrderMark()
    {
        using var scope = NewDisposeScope();
        var model = Seeded(Sine);
        string plain = Checkpoint.Save(Path.Combine(dir, "plain.ckpt"), model);
        string marked = Path.Combine(dir, "marked.ckpt");
        File.WriteAllBytes(marked, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(plain)]);
        foreach (var ((name, a), (_, b)) in Checkpoint.Load(plain).Model.named_parameters().Zip(Checkpoint.Load(marked).Model.named_parameters()))
            Assert.True(a.detach().eq(b.detach()).all().item<bool>(), name);

        string weights = Path.Combine(dir, "weights.json");
        File.WriteAllText(weights, "{\"Wh\": [[0.5, -1]], \"b\": 2}", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(weights)[0]);
        var arrays = NamedArrays.Load(weights);
        Assert.Equal(new[] { "Wh", "b" }, arrays.Keys);
        Assert.Equal(new[] { 0.5, -1 }, arrays["Wh"].Data);

        string csv = Path.Combine(dir, "flowers.csv");
        File.WriteAllText(csv, "petal_length,petal_width,species\n1.4,0.2,setosa\n4.7,1.4,versicolor\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(new[] { "setosa", "versicolor" }, SigmoidTorch.Articles.Seed004FlowerClassifier.FlowerData.Species(SigmoidTorch.Articles.Seed004FlowerClassifier.FlowerData.Load(csv)));
    }

    /// <summary>Version 1 files, whose SHA-256 covers the weights only, still load, with the same weights.</summary>
    [Theory, MemberData(nameof(Specs))]
    public void AVersion1CheckpointStillLoads(string spec, string dtype)
    {
        using var scope = NewDisposeScope();
        var model = Seeded(SpecNamed(spec), dtype == "float32" ? ScalarType.Float32 : ScalarType.Float64);
        string path = Checkpoint.Save(Path.Combine(dir, "model.ckpt"), model);
        File.WriteAllText(path, AsVersion1(File.ReadAllText(path)));
        var loaded = Checkpoint.Load(path, CPU, model.Spec);
        Assert.Equal(model.DType, loaded.Model.DType);
        foreach (var ((name, a), (_, b)) in model.named_parameters().Zip(loaded.Model.named_parameters()))
            Assert.True(a.detach().eq(b.detach()).all().item<bool>(), name);
    }

    /// <summary>
    /// The Python check of a checkpoint in docs/checkpoints.md (section "Format") accepts a saved file and refuses one whose dtype was
    /// edited, so the hash input it documents is the one the code computes.
    /// </summary>
    [Fact]
    public void TheDocumentedPythonCheckAgreesWithTheLoader()
    {
        using var scope = NewDisposeScope();
        string path = Checkpoint.Save(Path.Combine(dir, "model.ckpt"), Seeded(Sine));
        string edited = Path.Combine(dir, "edited.ckpt");
        File.WriteAllText(edited, Json(File.ReadAllText(path), o => o["dtype"] = "float32"));
        Assert.Equal(new[] { "ok", "damaged" }, ReadmeChecker.Run(dir, [path, edited]).Select(r => r.Verdict));
    }

    /// <summary>A checkpoint as version 1 wrote it: "version": 1 and the SHA-256 of its weights alone.</summary>
    private static string AsVersion1(string text) => Json(text, o =>
    {
        o["version"] = 1;
        var weights = NamedArrays.Parse(o["parameters"]!.ToJsonString(), "test").Values;
        o["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(NamedArrays.Serialize(weights))));
    });

    /// <summary>A checkpoint too large to be loaded again (more than 64 MiB) is not written.</summary>
    [Fact]
    public void ACheckpointTooLargeToLoadIsNotWritten()
    {
        using var scope = NewDisposeScope();
        using var model = ModelSpec.Network(1, 1_000_000, 1, Activation.Sigmoid).Build();
        string path = Path.Combine(dir, "big.ckpt");
        var e = Assert.Throws<SigmoidTorchException>(() => Checkpoint.Save(path, model));
        Assert.Matches(@"^cannot write '.*big\.ckpt': a checkpoint of mlp\[1→1000000→1, .*\] would be [0-9.]+ MiB, more than the 64 MiB a checkpoint may have to be loaded again$", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void AMissingCheckpointIsRefused()
    {
        var e = Assert.Throws<SigmoidTorchException>(() => Checkpoint.Load(Path.Combine(dir, "none.ckpt")));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTableHasNoDuplicateNames() => Assert.Equal(Damages.Length, Damages.Select(d => d.Name).Distinct().Count());

    private static string ChangeFirstWeightDigit(string text)
    {
        int start = text.IndexOf("\"parameters\"", StringComparison.Ordinal);
        int i = text.IndexOfAny("123456789".ToCharArray(), start);
        return text[..i] + (text[i] == '9' ? '8' : (char)(text[i] + 1)) + text[(i + 1)..];
    }

    private static string FlipInParameters(string text, char with)
    {
        int start = text.IndexOf("\"parameters\"", StringComparison.Ordinal);
        int i = text.IndexOfAny("0123456789".ToCharArray(), start);
        return text[..i] + with + text[(i + 1)..];
    }
}

using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SigmoidTorch.Articles;
using SigmoidTorch.Data;
using SigmoidTorch.Models;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Files;

/// <summary>
/// Thousands of random and mutated files (truncations, bit flips, inserted, deleted and duplicated bytes, numbers
/// swapped for huge, tiny, NaN or non-numbers, structural edits with a recomputed checksum, random JSON, deep
/// nesting) fed to the checkpoint loader and to the <c>--init-weights</c> loader. The only outcomes allowed are
/// success (with finite weights) or <see cref="SigmoidTorchException"/>; the file is never changed. Deterministic:
/// a failure names the mutant and shows its bytes.
/// </summary>
public sealed class FileFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20260601;
    private readonly string dir = Directory.CreateTempSubdirectory("sigmoidtorch-fuzz-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private sealed record Mutant(int Id, string How, byte[] Bytes)
    {
        /// <summary>The good file this one changes in a way that is no damage, or null: each loader must treat both alike.</summary>
        public byte[]? Original { get; init; }
    }

    private static readonly string[] NumberSwaps =
    {
        "1e400", "-1e400", "1e308", "1.7976931348623157e308", "-1.7976931348623157e308", "3.5e38", "NaN", "Infinity", "-Infinity", "-0", "0",
        "1.5", "99999999999999999999", "2147483647", "-2147483648", "4294967296", "1e-400", "4.9e-324", "\"1\"", "null", "true", "[]", "{}", "[[1]]",
        "[1, 2]", "00", "1.", ".5", "+1", "0x10", "1e", "--1",
    };

    private static readonly string[] StringSwaps =
    {
        "", "x", "mlp", "neuron", "sigmoid", "identity", "float32", "float16", "sigmoidtorch-checkpoint", "\\u0000", "\\ud800", new string('a', 5000), "hidden.weight", "Wh",
    };

    private static readonly string[] Keys = { "format", "version", "spec", "kind", "inputs", "hidden", "outputs", "activation", "dtype", "parameters", "sha256", "metadata", "w", "b", "Wh", "Wz", "synapse_0", "hidden.weight", "linear.weight", "x" };

    /// <summary>The good files the mutants start from: checkpoints of several models and weight files in each article layout.</summary>
    private static List<byte[]> Seeds(string dir)
    {
        var seeds = new List<byte[]>();
        foreach (var (spec, dtype) in new[] { ("sine", ScalarType.Float64), ("sine", ScalarType.Float32), ("neuron", ScalarType.Float64), ("neuron-no-bias", ScalarType.Float32), ("wide", ScalarType.Float64) })
        {
            string path = Path.Combine(dir, "seed.ckpt");
            Checkpoint.Save(path, CheckpointTests.Seeded(CheckpointTests.SpecNamed(spec), dtype), new Dictionary<string, string> { ["example"] = "fuzz" });
            seeds.Add(File.ReadAllBytes(path));
        }
        foreach (var (model, layout) in Targets())
            seeds.Add(Encoding.UTF8.GetBytes(NamedArrays.Serialize(ArticleLayout.Export(CheckpointTests.Seeded(model.Spec, model.DType), layout)) + "\n"));
        File.Delete(Path.Combine(dir, "seed.ckpt"));
        return seeds;
    }

    /// <summary>The models and layouts that --init-weights files are loaded into.</summary>
    private static (BackpropModel Model, WeightLayout Layout)[] Targets() => new[]
    {
        (CheckpointTests.SpecNamed("sine").Build(), WeightLayout.HiddenOutput),
        (CheckpointTests.SpecNamed("sine").Build(ScalarType.Float32), WeightLayout.HiddenOutput),
        (CheckpointTests.SpecNamed("neuron").Build(), WeightLayout.WeightBias),
        (CheckpointTests.SpecNamed("neuron-no-bias").Build(), WeightLayout.Synapse),
        (CheckpointTests.SpecNamed("wide").Build(), WeightLayout.HiddenOutput),
    };

    private static IEnumerable<Mutant> Mutants(List<byte[]> seeds, int perSeed)
    {
        var random = new Random(Seed);
        int id = 0;
        foreach (var seed in seeds)
            for (int i = 0; i < perSeed; i++)
            {
                int kind = i % 12;
                var (how, bytes) = kind switch
                {
                    0 => Truncate(random, seed),
                    1 => FlipBits(random, seed),
                    2 => ReplaceBytes(random, seed),
                    3 => Insert(random, seed),
                    4 => Delete(random, seed),
                    5 => Duplicate(random, seed),
                    6 or 7 => SwapNumber(random, seed),
                    8 => SwapString(random, seed),
                    9 or 10 => EditStructure(random, seed),
                    _ => Splice(random, seed, seeds[random.Next(seeds.Count)]),
                };
                yield return new Mutant(id++, how, bytes);
            }
        for (int i = 0; i < 300; i++)
            yield return new Mutant(id++, "random JSON", Encoding.UTF8.GetBytes(RandomJson(random, 0)?.ToJsonString() ?? "null"));
        foreach (int depth in new[] { 8, 9, 63, 64, 65, 1000, 100_000 })
        {
            yield return new Mutant(id++, $"arrays nested {depth} deep", Encoding.UTF8.GetBytes("{\"w\": " + new string('[', depth) + "1" + new string(']', depth) + "}"));
            yield return new Mutant(id++, $"objects nested {depth} deep", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"spec\": ", depth)) + "1" + new string('}', depth)));
        }
        yield return new Mutant(id++, "100,000 numbers", Encoding.UTF8.GetBytes("{\"w\": [" + string.Join(", ", Enumerable.Range(0, 100_000)) + "], \"b\": 0}"));
        yield return new Mutant(id++, "a 1000x1000 matrix", Encoding.UTF8.GetBytes("{\"Wh\": [" + string.Join(", ", Enumerable.Repeat("[" + string.Join(", ", Enumerable.Repeat("0.5", 1000)) + "]", 1000)) + "]}"));
        yield return new Mutant(id++, "empty", Array.Empty<byte>());
        yield return new Mutant(id++, "UTF-8 byte order mark only", new byte[] { 0xEF, 0xBB, 0xBF });
        yield return new Mutant(id++, "NUL bytes", new byte[64]);
        yield return new Mutant(id++, "NaN literals", Encoding.UTF8.GetBytes("{\"w\": [NaN, Infinity], \"b\": -Infinity}"));
        yield return new Mutant(id++, "bare number", Encoding.UTF8.GetBytes("1e400"));
        // Each good file with a byte order mark (it must load as it did without), with each of its keys written twice, and with each whole number as a string.
        foreach (var (seed, n) in seeds.Select((seed, n) => (seed, n)))
        {
            yield return new Mutant(id++, $"seed {n} with a UTF-8 byte order mark", [0xEF, 0xBB, 0xBF, .. seed]) { Original = seed };
            string text = Encoding.UTF8.GetString(seed);
            foreach (Match key in Regex.Matches(text, "\"([a-z_.]+)\": ([^\\[{\n,]+|\\[)"))
                yield return new Mutant(id++, $"seed {n}: key {key.Groups[1].Value} written twice",
                    Encoding.UTF8.GetBytes(text[..key.Index] + key.Value + (key.Groups[2].Value == "[" ? "1], " : ", ") + text[key.Index..]));
            foreach (Match whole in Regex.Matches(text, "\"([a-z_]+)\": (-?[0-9]+)(?=[,\n])"))
                yield return new Mutant(id++, $"seed {n}: {whole.Groups[1].Value} as a string",
                    Encoding.UTF8.GetBytes(text[..whole.Groups[2].Index] + "\"" + whole.Groups[2].Value + "\"" + text[(whole.Groups[2].Index + whole.Groups[2].Length)..]));
        }
    }

    private static (string, byte[]) Truncate(Random r, byte[] s)
    {
        int n = r.Next(s.Length);
        return ($"truncated to {n} bytes", s[..n]);
    }

    private static (string, byte[]) FlipBits(Random r, byte[] s)
    {
        var b = (byte[])s.Clone();
        int count = 1 + r.Next(8);
        for (int i = 0; i < count; i++) b[r.Next(b.Length)] ^= (byte)(1 << r.Next(8));
        return ($"{count} bit(s) flipped", b);
    }

    private static (string, byte[]) ReplaceBytes(Random r, byte[] s)
    {
        const string Significant = "{}[]\",:.-+eE0123456789 \n\\";
        var b = (byte[])s.Clone();
        int count = 1 + r.Next(4);
        for (int i = 0; i < count; i++)
            b[r.Next(b.Length)] = r.Next(2) == 0 ? (byte)Significant[r.Next(Significant.Length)] : (byte)r.Next(256);
        return ($"{count} byte(s) replaced", b);
    }

    private static (string, byte[]) Insert(Random r, byte[] s)
    {
        int at = r.Next(s.Length + 1);
        byte[] what = r.Next(2) == 0
            ? Encoding.UTF8.GetBytes(NumberSwaps[r.Next(NumberSwaps.Length)] + (r.Next(2) == 0 ? "," : ""))
            : Enumerable.Range(0, 1 + r.Next(16)).Select(_ => (byte)r.Next(256)).ToArray();
        return ($"{what.Length} byte(s) inserted at {at}", [.. s[..at], .. what, .. s[at..]]);
    }

    private static (string, byte[]) Delete(Random r, byte[] s)
    {
        int at = r.Next(s.Length);
        int n = 1 + r.Next(Math.Min(64, s.Length - at));
        return ($"{n} byte(s) deleted at {at}", [.. s[..at], .. s[(at + n)..]]);
    }

    private static (string, byte[]) Duplicate(Random r, byte[] s)
    {
        int from = r.Next(s.Length), n = 1 + r.Next(Math.Min(200, s.Length - from)), to = r.Next(s.Length + 1);
        return ($"{n} byte(s) from {from} copied to {to}", [.. s[..to], .. s[from..(from + n)], .. s[to..]]);
    }

    private static (string, byte[]) SwapNumber(Random r, byte[] s)
    {
        string text = Encoding.UTF8.GetString(s);
        var numbers = Regex.Matches(text, @"-?\d+(\.\d+)?([eE][-+]?\d+)?");
        if (numbers.Count == 0) return ("no number to swap", s);
        var m = numbers[r.Next(numbers.Count)];
        string with = NumberSwaps[r.Next(NumberSwaps.Length)];
        return ($"number {m.Value} at {m.Index} → {with}", Encoding.UTF8.GetBytes(text[..m.Index] + with + text[(m.Index + m.Length)..]));
    }

    private static (string, byte[]) SwapString(Random r, byte[] s)
    {
        string text = Encoding.UTF8.GetString(s);
        var strings = Regex.Matches(text, "\"([^\"\\\\]*)\"");
        if (strings.Count == 0) return ("no string to swap", s);
        var m = strings[r.Next(strings.Count)];
        string with = StringSwaps[r.Next(StringSwaps.Length)];
        return ($"string {m.Value} → \"{(with.Length > 20 ? with[..20] + "…" : with)}\"", Encoding.UTF8.GetBytes(text[..m.Index] + "\"" + with + "\"" + text[(m.Index + m.Length)..]));
    }

    /// <summary>A valid-JSON edit: a random node removed, replaced, wrapped or duplicated; a checkpoint's checksum is then recomputed so the loader looks deeper.</summary>
    private static (string, byte[]) EditStructure(Random r, byte[] s)
    {
        var root = JsonNode.Parse(s)!;
        var nodes = new List<JsonNode>();
        void Walk(JsonNode? n)
        {
            if (n is null) return;
            nodes.Add(n);
            if (n is JsonObject o) foreach (var kv in o.ToList()) Walk(kv.Value);
            if (n is JsonArray a) foreach (var item in a.ToList()) Walk(item);
        }
        Walk(root);
        var target = nodes[1 + r.Next(nodes.Count - 1)];
        var parent = target.Parent!;
        string how;
        int op = r.Next(4);
        JsonNode? replacement = op switch
        {
            0 => null,
            1 => RandomJson(r, 3),
            2 => new JsonArray(target.DeepClone()),
            _ => JsonValue.Create(r.Next(2) == 0 ? r.NextDouble() * Math.Pow(10, r.Next(-320, 308)) : -r.Next(1000)),
        };
        if (parent is JsonObject po)
        {
            string key = target.GetPropertyName();
            if (op == 0) po.Remove(key); else po[key] = replacement;
            how = op == 0 ? $"property '{key}' removed" : $"property '{key}' replaced";
        }
        else
        {
            var pa = (JsonArray)parent;
            int index = target.GetElementIndex();
            if (op == 0) pa.RemoveAt(index); else pa[index] = replacement;
            how = op == 0 ? $"array element {index} removed" : $"array element {index} replaced";
        }
        if (root is JsonObject ro && ro["parameters"] is JsonObject parameters && r.Next(3) > 0)
        {
            try
            {
                var arrays = NamedArrays.Parse(parameters.ToJsonString(), "fuzz");
                ro["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NamedArrays.Serialize(arrays.Values))));
                how += ", checksum recomputed";
            }
            catch (SigmoidTorchException)
            {
                // parameters no longer parse: keep the old checksum
            }
        }
        return (how, Encoding.UTF8.GetBytes(root.ToJsonString()));
    }

    private static (string, byte[]) Splice(Random r, byte[] a, byte[] b)
    {
        int i = r.Next(a.Length), j = r.Next(b.Length);
        return ($"first {i} bytes of one seed + last {b.Length - j} of another", [.. a[..i], .. b[j..]]);
    }

    private static JsonNode? RandomJson(Random r, int depth)
    {
        int kind = depth > 5 ? r.Next(4) : r.Next(7);
        switch (kind)
        {
            case 0: return null;
            case 1: return JsonValue.Create(r.Next(3) == 0 ? r.Next(-3, 10) : (r.NextDouble() - 0.5) * Math.Pow(10, r.Next(-10, 309)));
            case 2: return JsonValue.Create(r.Next(2) == 0 ? StringSwaps[r.Next(StringSwaps.Length)] : Keys[r.Next(Keys.Length)]);
            case 3: return JsonValue.Create(r.Next(2) == 0);
            case 4:
            case 5:
            {
                var a = new JsonArray();
                int n = r.Next(6);
                for (int i = 0; i < n; i++) a.Add(RandomJson(r, depth + 1));
                return a;
            }
            default:
            {
                var o = new JsonObject();
                int n = r.Next(6);
                for (int i = 0; i < n; i++) o[Keys[r.Next(Keys.Length)]] = RandomJson(r, depth + 1);
                return o;
            }
        }
    }

    [Fact]
    public void EveryMutatedFileLoadsOrGivesADocumentedError()
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var seeds = Seeds(dir);
        var mutants = Mutants(seeds, perSeed: 150).ToList();
        var targets = Targets();
        var failures = new List<string>();
        int checkpointLoaded = 0, checkpointRefused = 0, weightsLoaded = 0, weightsRefused = 0;
        var messages = new HashSet<string>(StringComparer.Ordinal);
        string path = Path.Combine(dir, "mutant.json");

        // Each loader on the file at path: "loaded", or its message; counted and checked only for a mutant's own bytes.
        List<string> Outcomes(Mutant mutant, bool own)
        {
            var outcomes = new List<string>();
            void Check(string loader, Action load, ref int loaded, ref int refused)
            {
                try
                {
                    using var inner = NewDisposeScope();
                    load();
                    if (own) loaded++;
                    outcomes.Add("loaded");
                }
                catch (SigmoidTorchException e)
                {
                    outcomes.Add(e.Message);
                    if (!own) return;
                    refused++;
                    messages.Add(Regex.Replace(e.Message, @"[-\d.E+]+|'[^']*'", "#"));
                    if (e.Message.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
                        failures.Add($"mutant {mutant.Id} ({mutant.How}) → {loader}: a message of several lines: {e.Message}");
                    if (e.Message.Split("is damaged").Length > 2)
                        failures.Add($"mutant {mutant.Id} ({mutant.How}) → {loader}: 'is damaged' more than once: {e.Message}");
                    if (e.Message.Contains("An item with the same key", StringComparison.Ordinal) || e.Message.Contains("Duplicate property", StringComparison.Ordinal))
                        failures.Add($"mutant {mutant.Id} ({mutant.How}) → {loader}: the parser's own message: {e.Message}");
                }
                catch (Exception e)
                {
                    outcomes.Add(e.GetType().Name);
                    failures.Add($"mutant {mutant.Id} ({mutant.How}) → {loader}: {e.GetType().Name}: {e.Message.Split('\n')[0]}\n    bytes: {Excerpt(mutant.Bytes)}");
                }
            }

            Check("Checkpoint.Load", () => AssertFinite(Checkpoint.Load(path).Model), ref checkpointLoaded, ref checkpointRefused);
            Check("Checkpoint.Load(expected sine)", () => AssertFinite(Checkpoint.Load(path, CPU, CheckpointTests.SpecNamed("sine")).Model), ref checkpointLoaded, ref checkpointRefused);
            foreach (var (model, layout) in targets)
                Check($"--init-weights {layout} into {model.Spec} {model.DType}", () =>
                {
                    model.SetParameters(ArticleLayout.Load(model.Spec, model.DType, model.Device, path, layout));
                    AssertFinite(model);
                }, ref weightsLoaded, ref weightsRefused);
            return outcomes;
        }

        foreach (var mutant in mutants)
        {
            File.WriteAllBytes(path, mutant.Bytes);
            var outcomes = Outcomes(mutant, own: true);
            if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(mutant.Bytes))
                failures.Add($"mutant {mutant.Id} ({mutant.How}): loading changed the file");
            if (mutant.Original is { } original)
            {
                File.WriteAllBytes(path, original);
                var expected = Outcomes(mutant, own: false);
                foreach (var (got, want) in outcomes.Zip(expected).Where(p => p.First != p.Second))
                    failures.Add($"mutant {mutant.Id} ({mutant.How}): '{got}' where the file without the change gives '{want}'");
            }
        }

        output.WriteLine($"{mutants.Count} files in {clock.Elapsed.TotalSeconds:F1} s; checkpoint loader: {checkpointLoaded} loaded, {checkpointRefused} refused; "
                         + $"--init-weights loader: {weightsLoaded} loaded, {weightsRefused} refused; {messages.Count} distinct error messages");
        foreach (var m in messages.Order(StringComparer.Ordinal).Take(200)) output.WriteLine("  " + m);
        Assert.True(failures.Count == 0, $"{failures.Count} failure(s):\n" + string.Join("\n", failures.Take(20)));
        Assert.True(mutants.Count >= 1000, $"only {mutants.Count} files");
        // The fuzzer must reach both outcomes of both loaders, and many different checks.
        Assert.True(checkpointLoaded > 0 && checkpointRefused > 0 && weightsLoaded > 0 && weightsRefused > 0,
            $"checkpoints {checkpointLoaded}/{checkpointRefused}, weights {weightsLoaded}/{weightsRefused}");
        Assert.True(messages.Count >= 30, $"only {messages.Count} distinct errors: the mutants do not reach deep enough");
    }

    private static void AssertFinite(BackpropModel model)
    {
        foreach (var (name, p) in model.named_parameters())
            if (!p.detach().isfinite().all().item<bool>())
                throw new InvalidOperationException($"loaded non-finite weights into '{name}'");
    }

    private static string Excerpt(byte[] bytes) =>
        bytes.Length <= 400 ? Convert.ToBase64String(bytes) : Convert.ToBase64String(bytes[..400]) + $"… ({bytes.Length} bytes)";
}

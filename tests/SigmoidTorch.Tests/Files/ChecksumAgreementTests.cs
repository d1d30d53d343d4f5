using System.Text;
using System.Text.RegularExpressions;
using SigmoidTorch.Data;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Files;

/// <summary>
/// The SHA-256 of a checkpoint covers its numbers as the file writes them, so that the README's Python checker (run as
/// the documentation prints it) and the loader agree on every file: a weight edited by hand to <c>1.0</c>,
/// <c>1e300</c> or <c>-0.0</c> with the checksum the checker computes loads, with that value; the same edit without a
/// new checksum is refused by both; whitespace, key order and a byte order mark change neither verdict.
/// </summary>
public sealed class ChecksumAgreementTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sigmoidtorch-checksum-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private sealed record Edit(string Name, Func<string, string> Apply, bool ChangesHashedText, double? FirstWeight = null);

    // The first number inside "parameters" replaced by a text.
    private static string FirstWeightAs(string text, string number)
    {
        var m = Regex.Match(text[text.IndexOf("\"parameters\"", StringComparison.Ordinal)..], @"-?\d[\d.eE+-]*");
        int at = text.IndexOf("\"parameters\"", StringComparison.Ordinal) + m.Index;
        return text[..at] + number + text[(at + m.Length)..];
    }

    // The first weight's name replaced by a JSON string.
    private static string FirstNameAs(string text, string name) =>
        new Regex("(\"parameters\": \\{\\s*)\"[^\"]*\"").Replace(text, m => m.Groups[1].Value + name, 1);

    private static readonly Edit[] Edits =
    {
        new("a weight written 1.0", t => FirstWeightAs(t, "1.0"), true, 1.0),
        new("a weight written 1e300", t => FirstWeightAs(t, "1e300"), true, 1e300),
        new("a weight written 1E+300", t => FirstWeightAs(t, "1E+300"), true, 1e300),
        new("a weight written -0.0", t => FirstWeightAs(t, "-0.0"), true, -0.0),
        new("a weight written 0.50000", t => FirstWeightAs(t, "0.50000"), true, 0.5),
        new("whitespace removed", t => Regex.Replace(t, @"\s+", ""), false),
        new("whitespace added", t => t.Replace(",", " ,\r\n\t ", StringComparison.Ordinal).Replace("[", "[  ", StringComparison.Ordinal), false),
        new("keys reordered, checksum first", t => "{\"sha256\": " + Regex.Match(t, "\"sha256\": (\"[0-9a-f]*\")").Groups[1].Value + ", " + Regex.Replace(t.Trim()[1..], ",\\s*\"sha256\": \"[0-9a-f]*\"", ""), false),
        new("a UTF-8 byte order mark", t => "\uFEFF" + t, false),
        new("a weight's name with a non-ASCII letter, a quote and a tab", t => FirstNameAs(t, "\"w\\u00efght\\\"\\t\u00e9\""), true),
        new("a weight's name with an escaped slash", t => FirstNameAs(t, "\"a\\/b\""), true),
    };

    [Fact]
    public void TheReadmesCheckerAndTheLoaderAgreeOnEveryEditedFile()
    {
        using var scope = NewDisposeScope();
        var specs = new[] { "sine", "neuron", "wide" };
        var files = new List<(string Path, Edit Edit, string Spec, bool Rehashed)>();
        foreach (string spec in specs)
        {
            string good = Checkpoint.Save(Path.Combine(dir, $"{spec}.ckpt"), CheckpointTests.Seeded(CheckpointTests.SpecNamed(spec)));
            string text = File.ReadAllText(good);
            foreach (var (edit, i) in Edits.Select((e, i) => (e, i)))
            {
                string path = Path.Combine(dir, $"{spec}-{i}.ckpt");
                File.WriteAllText(path, edit.Apply(text), new UTF8Encoding(false));
                files.Add((path, edit, spec, false));
            }
        }
        // First pass: the checker's own checksum of each edited file, written into a copy.
        var first = ReadmeChecker.Run(dir, files.Select(f => f.Path).ToList());
        foreach (var ((path, edit, spec, _), result) in files.ToList().Zip(first))
        {
            Assert.True(result.Sha256 is not null, $"{spec}, {edit.Name}: the checker stopped: {result.Verdict}");
            string copy = path.Replace(".ckpt", "-rehashed.ckpt", StringComparison.Ordinal);
            string text = File.ReadAllText(path);
            File.WriteAllText(copy, Regex.Replace(text, "\"sha256\": \"[0-9a-f]*\"", $"\"sha256\": \"{result.Sha256}\""), new UTF8Encoding(text.StartsWith('\uFEFF')));
            files.Add((copy, edit, spec, true));
        }

        var verdicts = ReadmeChecker.Run(dir, files.Select(f => f.Path).ToList());
        var failures = new List<string>();
        foreach (var ((path, edit, spec, rehashed), checker) in files.Zip(verdicts))
        {
            bool checkerOk = checker.Verdict == "ok";
            string? loader = null;
            try
            {
                using var inner = NewDisposeScope();
                var model = Checkpoint.Load(path).Model;
                if (edit.FirstWeight is { } expected)
                {
                    double loaded = model.parameters().First().detach().flatten()[0].item<double>();
                    if (BitConverter.DoubleToInt64Bits(loaded) != BitConverter.DoubleToInt64Bits(expected))
                        failures.Add($"{spec}, {edit.Name}{(rehashed ? ", rehashed" : "")}: loaded {loaded:R}, the file says {expected:R}");
                }
            }
            catch (SigmoidTorchException e)
            {
                loader = e.Message;
            }
            bool loaderShaOk = loader is null || !loader.Contains("SHA-256", StringComparison.Ordinal);
            bool expectedOk = rehashed || !edit.ChangesHashedText;
            if (checkerOk != loaderShaOk || checkerOk != expectedOk)
                failures.Add($"{spec}, {edit.Name}{(rehashed ? ", checksum recomputed by the checker" : "")}: checker says {checker.Verdict}, loader says {loader ?? "loaded"}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

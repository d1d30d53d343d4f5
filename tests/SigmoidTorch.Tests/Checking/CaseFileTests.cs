using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SigmoidTorch.Checking;
using SigmoidTorch.Functions;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;
using static SigmoidTorch.Tests.Checking.BackpropCheckTests;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Checking;

/// <summary>
/// A checked case exported to .safetensors and read back: bit for bit by <see cref="CaseFile.Load"/>, by an
/// independent parse of the header here, and by the Python lines of docs/check-your-backprop.md run as written.
/// </summary>
public sealed partial class CaseFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sigmoidtorch-case-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    // A user's layer checked with its right backward or a mistake.
    private static (CheckReport Report, AffineTanh Module, Tensor X, Tensor T) Checked(ScalarType dtype, Mistake mistake)
    {
        manual_seed(11);
        var m = new AffineTanh(3, 2, dtype);
        var x = randn(5, 3, dtype: dtype);
        var t = randn(5, 2, dtype: dtype).Times(0.5);
        return (BackpropCheck.Module(m, x, t, Mse, () => Backward(m, x, t, mistake)), m, x, t);
    }

    // The same, and its case saved.
    private (CheckReport Report, AffineTanh Module, Tensor X, Tensor T, string Path) Saved(ScalarType dtype, Mistake mistake)
    {
        var (report, m, x, t) = Checked(dtype, mistake);
        return (report, m, x, t, CaseFile.Save(Path.Combine(dir, "case.safetensors"), report, m, x, t, "mse_loss", seed: 11));
    }

    private static double[] Doubles(Tensor t) => t.to(ScalarType.Float64).contiguous().data<double>().ToArray();

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void ACaseComesBackBitForBit(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var (report, m, x, t, path) = Saved(dtype, Mistake.OneElement);
        using var loaded = CaseFile.Load(path);

        Assert.Equal(m.state_dict().Keys.Order(), loaded.Weights.Keys.Order());
        foreach (var (name, w) in m.state_dict())
        {
            Assert.Equal(dtype, loaded.Weights[name].dtype);
            Assert.Equal(Doubles(w.detach()), Doubles(loaded.Weights[name]));
        }
        Assert.Equal(Doubles(x), Doubles(loaded.Input));
        Assert.Equal(Doubles(t), Doubles(loaded.Target));
        foreach (var c in report.Tensors)
        {
            Assert.Equal(c.Shape, loaded.Manual[c.Name].shape);
            Assert.Equal(dtype, loaded.Autograd[c.Name].dtype);
            Assert.Equal(ScalarType.Float64, loaded.FiniteDifferences[c.Name].dtype);
            Assert.Equal(c.Values!.Manual, Doubles(loaded.Manual[c.Name]));
            Assert.Equal(c.Values.Autograd, Doubles(loaded.Autograd[c.Name]));
            Assert.Equal(c.Values.FiniteDifference, Doubles(loaded.FiniteDifferences[c.Name]));
        }
        Assert.Equal(report.What, loaded.Metadata["model"]);
        Assert.Equal(dtype.ToString().ToLowerInvariant(), loaded.Metadata["dtype"]);
        Assert.Equal("false", loaded.Metadata["pass"]);
        Assert.Equal(report.Tolerance.Relative, JsonNode.Parse(loaded.Metadata["tolerance"])!["relative"]!.GetValue<double>());
    }

    [Fact]
    public void AReplayFromTheFileGivesTheSameGradientsBitForBit()
    {
        using var scope = NewDisposeScope();
        var (_, _, _, _, path) = Saved(ScalarType.Float32, Mistake.None);
        using var loaded = CaseFile.Load(path);
        manual_seed(99);                                                     // other weights, replaced by the case's
        var fresh = new AffineTanh(3, 2, ScalarType.Float32);
        fresh.load_state_dict(loaded.Weights);
        var again = BackpropCheck.Module(fresh, loaded.Input, loaded.Target, Mse, () => Backward(fresh, loaded.Input, loaded.Target, Mistake.None));
        Assert.True(again.Pass, again.ToString());
        foreach (var c in again.Tensors)
        {
            Assert.Equal(c.Values!.Autograd, Doubles(loaded.Autograd[c.Name]));
            Assert.Equal(c.Values.Manual, Doubles(loaded.Manual[c.Name]));
        }
    }

    [Fact]
    public void AnIndependentParseFindsTheNamesDtypesAndMetadata()
    {
        using var scope = NewDisposeScope();
        var (report, _, _, _, path) = Saved(ScalarType.Float64, Mistake.None);
        byte[] bytes = File.ReadAllBytes(path);
        long n = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)n))!.AsObject();
        Assert.Equal(0, (8 + n) % 8);
        var names = report.Tensors.Select(c => c.Name).ToList();
        var expected = new[] { "input", "target" }.Concat(names.SelectMany(p => new[] { $"param/{p}", $"grad/manual/{p}", $"grad/autograd/{p}", $"grad/fd/{p}" }));
        Assert.Equal(expected.Order(), header.Where(kv => kv.Key != "__metadata__").Select(kv => kv.Key).Order());
        // the data is the tensors back to back, nothing before, between or after
        var ranges = header.Where(kv => kv.Key != "__metadata__").Select(kv => kv.Value!["data_offsets"]!.AsArray().Select(o => o!.GetValue<long>()).ToArray()).OrderBy(r => r[0]).ToList();
        Assert.Equal(0, ranges[0][0]);
        Assert.All(ranges.Zip(ranges.Skip(1)), p => Assert.Equal(p.First[1], p.Second[0]));
        Assert.Equal(bytes.Length - 8 - n, ranges[^1][1]);
        Assert.Equal("F64", header["grad/fd/linear.weight"]!["dtype"]!.GetValue<string>());
        var meta = header["__metadata__"]!.AsObject();
        foreach (string key in new[] { "model", "loss", "dtype", "tolerance", "seed", "sigmoidtorch_version", "torchsharp_version", "format", "format_version" })
            Assert.True(meta.ContainsKey(key), key);
        Assert.Equal("11", meta["seed"]!.GetValue<string>());
        Assert.Equal("0.107.0", meta["torchsharp_version"]!.GetValue<string>());
    }

    [Fact]
    public void TheDocsPythonLinesReadTheFileAndRecomputeTheReportsMaxima()
    {
        using var scope = NewDisposeScope();
        var (report, _, _, _, path) = Saved(ScalarType.Float32, Mistake.FactorTwo);
        Assert.False(report.Pass);
        string script = Path.Combine(dir, "read_case.py");
        File.WriteAllText(script, PythonBlock().Match(File.ReadAllText(Path.Combine(SourceTree.Root, "docs", "check-your-backprop.md"))) is { Success: true } block
            ? block.Groups[1].Value : throw new Xunit.Sdk.XunitException("docs/check-your-backprop.md has no ```python block starting with import json, struct, sys"));
        var (code, stdout, stderr) = NumpyPython.Run("python3", [script, path]);
        Assert.SkipWhen(code == -1, "no python3 here");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{report.What} | mse_loss | float32", lines[0]);
        Assert.Equal(report.Tensors.Count, lines.Length - 1);
        foreach (var (c, line) in report.Tensors.Zip(lines.Skip(1)))
        {
            var parts = line.Split(' ', 2);
            Assert.Equal(c.Name, parts[0]);
            int close = parts[1].LastIndexOf(']');
            Assert.Equal($"[{string.Join(", ", c.Shape)}]", parts[1][..(close + 1)]);
            Assert.Equal(c.MaxAbsDiff, double.Parse(parts[1][(close + 1)..], CultureInfo.InvariantCulture));
        }
        Assert.True(report.Tensors.Single(c => c.Name == "linear.weight").MaxAbsDiff > 0);
    }

    [Fact]
    public void ATruncatedFileOrAnotherVersionIsRefusedInOneLine()
    {
        using var scope = NewDisposeScope();
        var (_, _, _, _, path) = Saved(ScalarType.Float64, Mistake.None);
        byte[] bytes = File.ReadAllBytes(path);
        string cut = Path.Combine(dir, "cut.safetensors");
        File.WriteAllBytes(cut, bytes[..^4]);
        var e = Assert.Throws<SigmoidTorchException>(() => CaseFile.Load(cut));
        Assert.Contains("truncated", e.Message);
        Assert.DoesNotContain('\n', e.Message);

        File.WriteAllBytes(cut, bytes[..20]);
        Assert.Contains("truncated", Assert.Throws<SigmoidTorchException>(() => CaseFile.Load(cut)).Message);

        string text = Encoding.Latin1.GetString(bytes);
        File.WriteAllBytes(cut, Encoding.Latin1.GetBytes(text.Replace("\"format_version\":\"1\"", "\"format_version\":\"7\"", StringComparison.Ordinal)));
        Assert.Contains("format version 7", Assert.Throws<SigmoidTorchException>(() => CaseFile.Load(cut)).Message);
    }

    [Fact]
    public void ACaseWithAGradientOfAnotherShapeIsNotExported()
    {
        using var scope = NewDisposeScope();
        var (report, m, x, t) = Checked(ScalarType.Float64, Mistake.WrongShape);
        string path = Path.Combine(dir, "wrong.safetensors");
        Assert.Contains("linear.weight has no hand-written gradient of its shape [2, 3]",
            Assert.Throws<SigmoidTorchException>(() => CaseFile.Save(path, report, m, x, t, "mse_loss")).Message);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void AFolderThatIsNotThereIsNamedAndNothingIsLeft()
    {
        using var scope = NewDisposeScope();
        var (report, m, x, t) = Checked(ScalarType.Float64, Mistake.None);
        string path = Path.Combine(dir, "missing", "case.safetensors");
        var e = Assert.Throws<SigmoidTorchException>(() => CaseFile.Save(path, report, m, x, t, "mse_loss"));
        Assert.StartsWith($"cannot write '{path}'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [GeneratedRegex(@"```python\n(import json, struct, sys\n.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();
}

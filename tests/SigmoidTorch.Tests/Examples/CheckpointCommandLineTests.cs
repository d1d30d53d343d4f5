using System.Text.Json;
using SigmoidTorch.Cli;
using SigmoidTorch.Data;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Examples;

/// <summary>
/// --save and --load end to end, through the programs: training continues exactly where the saved run stopped, the
/// weights --json reports feed --init-weights, and a run that fails (divergence, a bad --load) leaves the
/// checkpoint the user already has byte for byte, with no temporary file beside it.
/// </summary>
public sealed class CheckpointCommandLineTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sigmoidtorch-cli-ckpt-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private ProcessResult Sine(string args, int exit)
    {
        var r = ExampleProcess.Run("SineRegression", args.Replace("{dir}", dir, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries), dir);
        Assert.True(r.ExitCode == exit, $"SineRegression {args}: expected exit {exit}\n{r}");
        return r;
    }

    private static JsonElement Json(ProcessResult r) => JsonDocument.Parse(r.Stdout).RootElement.Clone();

    private static double[] Losses(JsonElement json) => json.GetProperty("loss_history").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Theory]
    [InlineData("manual")]
    [InlineData("autograd")]
    public void LoadingASavedRunContinuesItExactly(string trainer)
    {
        string common = $"--no-plots --json --trainer {trainer} --activation tanh";
        var whole = Json(Sine($"--epochs 6 {common}", 0));
        var first = Json(Sine($"--epochs 4 {common} --save {{dir}}/half.ckpt", 0));
        Assert.True(File.Exists(Path.Combine(dir, "half.ckpt")));
        Assert.Contains(Path.Combine(dir, "half.ckpt"), first.GetProperty("files").EnumerateArray().Select(f => f.GetString()));  // as given: absolute
        var rest = Sine($"--epochs 2 {common} --load {{dir}}/half.ckpt", 0);
        Assert.Contains("loaded", rest.Stderr, StringComparison.Ordinal);
        var second = Json(rest);

        // Same data, same order, same starting weights (bit for bit through the file): the same numbers.
        Assert.Equal(Losses(whole)[..4], Losses(first));
        Assert.Equal(Losses(whole)[4..], Losses(second));
        Assert.Equal(whole.GetProperty("Wh").GetRawText(), second.GetProperty("Wh").GetRawText());
        Assert.Equal(whole.GetProperty("Wz").GetRawText(), second.GetProperty("Wz").GetRawText());

        // The weights --json reports are an --init-weights file: starting from them continues the same way.
        File.WriteAllText(Path.Combine(dir, "half.json"), $"{{\"Wh\": {first.GetProperty("Wh").GetRawText()}, \"Wz\": {first.GetProperty("Wz").GetRawText()}}}");
        var viaWeights = Json(Sine($"--epochs 2 {common} --init-weights {{dir}}/half.json", 0));
        Assert.Equal(Losses(second), Losses(viaWeights));
        Assert.Equal(second.GetProperty("Wz").GetRawText(), viaWeights.GetProperty("Wz").GetRawText());
    }

    [Fact]
    public void ADivergingRunLeavesTheSavedCheckpointIntact()
    {
        Sine("--epochs 2 --no-plots --activation relu --save {dir}/model.ckpt", 0);
        byte[] saved = File.ReadAllBytes(Path.Combine(dir, "model.ckpt"));

        var r = Sine("--epochs 5 --no-plots --activation relu --lr 1e100 --load {dir}/model.ckpt --save {dir}/model.ckpt", 1);
        Assert.Contains("training diverged", r.StderrLines[^1], StringComparison.Ordinal);
        Assert.Equal(saved, File.ReadAllBytes(Path.Combine(dir, "model.ckpt")));
        Assert.Equal(new[] { "model.ckpt" }, Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
        Assert.Equal("mlp[1→5→1, relu/relu, bias on/off]", Checkpoint.Load(Path.Combine(dir, "model.ckpt")).Model.Spec.ToString());
    }

    [Fact]
    public void ARefusedLoadWritesNothing()
    {
        Sine("--epochs 1 --no-plots --save {dir}/model.ckpt", 0);
        byte[] saved = File.ReadAllBytes(Path.Combine(dir, "model.ckpt"));
        string text = File.ReadAllText(Path.Combine(dir, "model.ckpt"));
        File.WriteAllText(Path.Combine(dir, "damaged.ckpt"), CommandLineTests.ChangeAWeight(text));
        byte[] damaged = File.ReadAllBytes(Path.Combine(dir, "damaged.ckpt"));

        // Plots on: a refused load must stop the run before it writes any picture.
        var r = Sine("--epochs 1 --out {dir}/out --load {dir}/damaged.ckpt --save {dir}/model.ckpt", 1);
        Assert.Contains("SHA-256", r.StderrLines[^1], StringComparison.Ordinal);
        Assert.Equal(saved, File.ReadAllBytes(Path.Combine(dir, "model.ckpt")));
        Assert.Equal(damaged, File.ReadAllBytes(Path.Combine(dir, "damaged.ckpt")));
        Assert.False(Directory.Exists(Path.Combine(dir, "out")), "a refused run wrote pictures");
        Assert.Equal(new[] { "damaged.ckpt", "model.ckpt" }, Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>Every program that saves its model and draws pictures, with its quick run (pictures on).</summary>
    public static TheoryData<string, string> SavingPrograms => new(ExamplePrograms.All
        .Where(p => p.Flags.HasFlag(FlagSet.Weights | FlagSet.Output) && p.QuickRun is not null)
        .Select(p => (p.Name, string.Join(' ', p.QuickRun!.Split(' ').Where(w => w != "--no-plots")))));

    /// <summary>
    /// The pictures fail after training (their folder is on a full disk: a 64 KiB tmpfs filled up; a path that could be
    /// checked before training is refused then): the run fails, the checkpoint --save names is byte for byte the one
    /// before, because every program saves last, and the model the run trained is saved beside it instead, in a file
    /// the error line names. Under --json stdout stays empty.
    /// </summary>
    [Theory, MemberData(nameof(SavingPrograms))]
    public void ARunWhosePicturesFailKeepsTheSavedCheckpointAndSavesItsModelElsewhere(string program, string quick)
    {
        Assert.SkipWhen(SpecialFiles.NoFullFileSystem is not null, SpecialFiles.NoFullFileSystem ?? "");
        string keep = Path.Combine(dir, "keep.ckpt");
        File.WriteAllText(keep, "the checkpoint before");
        string full = Path.Combine(dir, "full");
        var unmount = SpecialFiles.FullFileSystem(full)!;
        try
        {
            string words = $"{quick} --json --save {keep} --out {full}";
            var r = ExampleProcess.Run(program, words.Split(' '), dir);
            Assert.True(r.ExitCode == 1, $"{program} {words}: expected exit 1\n{r}");
            Assert.Contains("No space left on device", r.StderrLines[^1], StringComparison.Ordinal);
            Assert.Equal("", r.Stdout);
            Assert.Equal("the checkpoint before", File.ReadAllText(keep));
            string rescued = Assert.Single(Directory.GetFiles(dir, "*.ckpt"), f => f != keep);
            Assert.EndsWith($"; the trained model is saved in './{Path.GetFileName(rescued)}' instead of '{keep}'", r.StderrLines[^1], StringComparison.Ordinal);
            using var scope = TorchSharp.torch.NewDisposeScope();
            using var model = Checkpoint.Load(rescued).Model;
        }
        finally
        {
            unmount();
        }
    }
}

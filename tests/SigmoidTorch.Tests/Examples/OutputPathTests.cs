using System.Text.Json;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Examples;

/// <summary>
/// The files a run names — in its "wrote …" lines and in the <c>files</c> of its JSON — are named as the user gave
/// them: relative under a relative --out (or --save), absolute under an absolute one; both lists agree.
/// </summary>
public sealed class OutputPathTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sigmoidtorch-paths-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void FilesAreNamedAsGiven()
    {
        // One run with both kinds: pictures under an absolute --out, the checkpoint at a relative --save.
        string folder = Path.Combine(dir, "pictures");
        var r = ExampleProcess.Run("SineRegression", ["--epochs", "2", "--json", "--out", folder, "--save", "model.ckpt"], dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        string[] files = [.. JsonDocument.Parse(r.Stdout).RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()!)];
        // The checkpoint comes last: a run saves only when everything else, pictures included, has succeeded.
        string[] expected = [Path.Combine(folder, "loss.png"), Path.Combine(folder, "hidden.png"), Path.Combine(folder, "fit.png"), "model.ckpt"];
        Assert.Equal(expected, files);
        Assert.Equal(files, r.StderrLines.Where(l => l.StartsWith("wrote ", StringComparison.Ordinal)).Select(l => l["wrote ".Length..]));
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(dir, f)), $"{f} does not exist"));
    }
}

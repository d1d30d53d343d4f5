using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Examples;

/// <summary>One program run in a terminal: its flags, the files it must write and the progress it must draw.</summary>
/// <param name="Program">The program.</param>
/// <param name="Args">
/// Its flags: the defaults where they run in seconds, shorter runs where they do not (Benchmarks' memory part alone:
/// --quick takes about a minute here, a full run up to 15). Output goes to "out".
/// </param>
/// <param name="Files">Files it must write under out/.</param>
/// <param name="Progress">Text the final state of its progress bars shows, e.g. "3000/3000 epochs"; none for a program without long stages.</param>
public sealed record TerminalCase(string Program, string Args, string[] Files, params string[] Progress)
{
    public override string ToString() => $"{Program} {Args}".TrimEnd();
}

/// <summary>
/// Every example program run in a pseudo-terminal (stdout and stderr a terminal, as for a user who types the
/// command), not only redirected as the command-line tests run them: exit 0, no error line, the progress drawn as live
/// bars (Spectre.Console hides the cursor while a bar is live and shows it again), the files written.
/// </summary>
public class TerminalTests
{
    public static readonly TerminalCase[] Cases =
    [
        new("GradCheck", "", []),
        new("SineRegression", "--out out", ["loss.png", "hidden.png", "fit.png"], "3000/3000 epochs", "3/3 files"),
        new("Benchmarks", "--quick --only memory --out out", ["benchmarks.json"], "12500/12500 epochs"),
        new("GradientDescentPerceptron", "--out out", ["weights.png", "predictions.png"], "10000/10000 steps", "2/2 files"),
        new("SigmoidNeuronTraining", "--frames 12 --grid 30 --out out", ["training.gif", "loss.png", "sigmoid.png", "surface.png"], "12/12 updates", "12/12 frames", "3/3 files"),
        new("FlowerClassifier", "--epochs 100 --out out", ["flowers.png", "probability.png", "loss.png"], "100/100 epochs", "3/3 files"),
        new("SigmoidVsPerceptron", "--out out", ["activations.png", "nudges.png"], "2/2 files"),
        new("Sweep", "--out out", ["final-loss.png"], "epochs"),
        new("DigitClassifier", "--out out", ["accuracy.png", "confusion.png", "misread.png", "weights.png"], "30/30 epochs", "4/4 files"),
    ];

    public static TheoryData<string> Names => new(Cases.Select(c => c.ToString()));

    /// <summary>The runs, started together on first use, two at a time: each row then only checks its own.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Task<Outcome>>> Runs = new(() =>
    {
        var gate = new SemaphoreSlim(2);
        return Cases.ToDictionary(c => c.ToString(), c => Task.Run(async () =>
        {
            await gate.WaitAsync();
            try
            {
                return RunCase(c);
            }
            finally
            {
                gate.Release();
            }
        }));
    });

    private sealed record Outcome(int ExitCode, string Screen, string[] Missing);

    private static Outcome RunCase(TerminalCase c)
    {
        string dir = Directory.CreateTempSubdirectory("sigmoidtorch-tty-").FullName;
        try
        {
            var args = c.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var (exit, screen) = TerminalProcess.Run(c.Program, args, dir);
            return new Outcome(exit, screen, c.Files.Where(f => !File.Exists(Path.Combine(dir, "out", f))).ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory, MemberData(nameof(Names))]
    public async Task ProgramWorksInATerminal(string name)
    {
        var c = Cases.Single(x => x.ToString() == name);
        var outcome = await Runs.Value[name];
        string context = $"{name} in a terminal, exit {outcome.ExitCode}:\n{outcome.Screen}";

        Assert.True(outcome.ExitCode == 0, context);
        Assert.DoesNotContain($"{c.Program}: error:", outcome.Screen, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", outcome.Screen, StringComparison.Ordinal);
        Assert.True(outcome.Missing.Length == 0, $"not written: {string.Join(", ", outcome.Missing)}; {context}");
        foreach (var shown in c.Progress)
            Assert.True(outcome.Screen.Contains(shown, StringComparison.Ordinal), $"no \"{shown}\" on the terminal; {context}");
        if (c.Progress.Length > 0)
        {
            Assert.True(outcome.Screen.Contains("\e[?25l", StringComparison.Ordinal), $"no live bar (the cursor was never hidden); {context}");
            Assert.True(outcome.Screen.TrimEnd().Contains("\e[?25h", StringComparison.Ordinal), $"the cursor was not shown again; {context}");
        }
    }

    /// <summary>
    /// On a terminal 10 columns wide, every "wrote PATH" line reaches the terminal whole: the terminal folds a long line
    /// where it must, but the program never breaks one (Spectre.Console's own text is broken at the console's width,
    /// which split the path in the middle).
    /// </summary>
    [Fact]
    public void ANarrowTerminalGetsEveryPathWhole()
    {
        string dir = Directory.CreateTempSubdirectory("sigmoidtorch-tty-").FullName;
        try
        {
            const string Folder = "a-long-folder-name/with/pictures";
            var (exit, screen) = TerminalProcess.Run("SineRegression", ["--epochs", "2", "--out", Folder], dir, columns: 10);
            Assert.True(exit == 0, screen);
            var lines = System.Text.RegularExpressions.Regex.Replace(screen, "\e(\\[[0-9;?]*[A-Za-z]|[=>])", "").Split('\r', '\n').Select(l => l.Trim()).ToList();
            foreach (string picture in new[] { "loss.png", "hidden.png", "fit.png" })
                Assert.True(lines.Contains($"wrote {Folder}/{picture}"), $"no whole line \"wrote {Folder}/{picture}\" on the terminal:\n{screen}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A program added to examples/ is run in a terminal (and by the command-line tests) the day it appears.</summary>
    [Fact]
    public void EveryExampleProgramIsRunHereAndByTheCommandLineTests()
    {
        string root = SourceTree.RequireRepository("it lists the programs of examples/");
        var programs = Directory.GetDirectories(Path.Combine(root, "examples"))
            .Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj"))).Select(d => Path.GetFileName(d)!).Order().ToList();
        Assert.Equal(programs, Cases.Select(c => c.Program).Order().ToList());
        Assert.Equal(programs, CommandLineTests.Programs.Select(p => p.Name).Order().ToList());
    }
}

using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Examples;

/// <summary>
/// Every example program run in a pseudo-terminal (stdout and stderr a terminal, as for a user who types the
/// command), not only redirected as the command-line tests run them: exit 0, no error line, the progress drawn as live
/// bars (Spectre.Console hides the cursor while a bar is live and shows it again), the files written.
/// </summary>
public class TerminalTests
{
    public static TheoryData<string> Names => new(ExamplePrograms.All.Select(Name));

    private static string Name(ExampleProgram p) => $"{p.Name} {p.Terminal.Args}".TrimEnd();

    /// <summary>The runs, started together on first use, two at a time: each row then only checks its own.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Task<Outcome>>> Runs = new(() =>
    {
        var gate = new SemaphoreSlim(2);
        return ExamplePrograms.All.ToDictionary(Name, p => Task.Run(async () =>
        {
            await gate.WaitAsync();
            try
            {
                return RunCase(p.Name, p.Terminal);
            }
            finally
            {
                gate.Release();
            }
        }));
    });

    private sealed record Outcome(int ExitCode, string Screen, string[] Missing);

    private static Outcome RunCase(string program, TerminalRun c)
    {
        string dir = Directory.CreateTempSubdirectory("sigmoidtorch-tty-").FullName;
        try
        {
            var args = c.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var (exit, screen) = TerminalProcess.Run(program, args, dir);
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
        var p = ExamplePrograms.All.Single(x => Name(x) == name);
        var c = p.Terminal;
        var outcome = await Runs.Value[name];
        string context = $"{name} in a terminal, exit {outcome.ExitCode}:\n{outcome.Screen}";

        Assert.True(outcome.ExitCode == 0, context);
        Assert.DoesNotContain($"{p.Name}: error:", outcome.Screen, StringComparison.Ordinal);
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
}

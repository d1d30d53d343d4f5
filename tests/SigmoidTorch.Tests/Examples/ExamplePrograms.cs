using SigmoidTorch.Cli;

namespace SigmoidTorch.Tests.Examples;

/// <summary>An example program the tests run, and how they run it.</summary>
/// <param name="Name">Its project and assembly name (examples/NAME/NAME.csproj).</param>
/// <param name="Flags">The shared flags it takes (what it passes to <see cref="CommonOptions"/>).</param>
/// <param name="QuickRun">Flags for a complete run in well under a second, or null when it has none (then only its flag checks run).</param>
/// <param name="Terminal">Its run in a pseudo-terminal (<see cref="TerminalTests"/>).</param>
public sealed record ExampleProgram(string Name, FlagSet Flags, string? QuickRun, TerminalRun Terminal)
{
    /// <summary>
    /// Why docs/examples.md shows no transcript of it, or null: every other program has one there
    /// (<see cref="Docs.DocsTests"/>).
    /// </summary>
    public string? NoTranscript { get; init; }
}

/// <summary>A program's run in a terminal: its flags, the files it must write and the progress it must draw.</summary>
/// <param name="Args">
/// Its flags: the defaults where they run in seconds, shorter runs where they do not (Benchmarks' memory part alone:
/// --quick takes about a minute here, a full run up to 15). Output goes to "out".
/// </param>
/// <param name="Files">Files it must write under out/.</param>
/// <param name="Progress">Text the final state of its progress bars shows, e.g. "3000/3000 epochs"; none for a program without long stages.</param>
public sealed record TerminalRun(string Args, string[] Files, params string[] Progress);

/// <summary>
/// The registry of example programs: every folder examples/NAME that holds NAME.csproj is one (the test project
/// references them all by one wildcard, which copies each one's .dll, .runtimeconfig.json and .deps.json beside the
/// tests, so `dotnet NAME.dll` runs here), and this table says how the tests run each. The command-line, hostile-input,
/// startup, terminal, checkpoint and docs tests all read it. Adding a program: its folder under examples/, one line
/// here, and its section in docs/examples.md (<see cref="TerminalTests"/> and <see cref="Docs.DocsTests"/> fail
/// until all three are there).
/// </summary>
public static class ExamplePrograms
{
    /// <summary>Every example program.</summary>
    public static readonly ExampleProgram[] All =
    [
        new("GradCheck", FlagSet.Seed, "--batch 2", new("", [])),
        new("SineRegression", FlagSet.All, "--epochs 2 --no-plots",
            new("--out out", ["loss.png", "hidden.png", "fit.png"], "3000/3000 epochs", "3/3 files")),
        new("Benchmarks", FlagSet.Output, null, new("--quick --only memory --out out", ["benchmarks.json"], "12500/12500 epochs"))
            { NoTranscript = "it prints timings, which differ from run to run and machine to machine" },
        new("GradientDescentPerceptron", FlagSet.Training | FlagSet.Output, "--iterations 5 --no-plots",
            new("--out out", ["weights.png", "predictions.png"], "10000/10000 steps", "2/2 files")),
        new("SigmoidNeuronTraining", FlagSet.Training | FlagSet.Output, "--frames 3 --no-plots",
            new("--frames 12 --grid 30 --out out", ["training.gif", "loss.png", "sigmoid.png", "surface.png"], "12/12 updates", "12/12 frames", "3/3 files")),
        new("FlowerClassifier", FlagSet.All, "--epochs 2 --no-plots",
            new("--epochs 100 --out out", ["flowers.png", "probability.png", "loss.png"], "100/100 epochs", "3/3 files")),
        new("SigmoidVsPerceptron", FlagSet.Output, "--nudges 5 --no-plots", new("--out out", ["activations.png", "nudges.png"], "2/2 files")),
        new("Sweep", FlagSet.Output | FlagSet.Trainer | FlagSet.Seed, "--epochs 2 --seeds 2 --no-plots", new("--out out", ["final-loss.png"], "epochs")),
        new("CustomLayer", FlagSet.Seed, "--steps 2", new("", [])),
        new("DigitClassifier", FlagSet.All, "--epochs 1 --no-plots",
            new("--out out", ["accuracy.png", "confusion.png", "misread.png", "weights.png"], "30/30 epochs", "4/4 files")),
    ];
}

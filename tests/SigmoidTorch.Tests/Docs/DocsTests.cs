using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Docs;

/// <summary>
/// The README's numbers and pictures come from the current code. Every transcript in its <c>console</c> blocks (a
/// command and the lines it prints) is run as a process, the way a user runs it, and must print exactly those lines;
/// the pictures in docs/images must be those docs/images/regenerate.sh made from runs that printed the same results.
/// When a change of the code changes a result, these tests fail and name the transcript to update (the message holds
/// what the program prints now).
/// </summary>
[Trait(Digits.Trait, Digits.Printed)]
public class ReadmeTests
{
    private static readonly Lazy<string> Readme = new(() => File.ReadAllText(Path.Combine(SourceTree.Root, "README.md")));

    private static readonly Lazy<IReadOnlyList<Transcript>> Transcripts = new(() => Transcript.Parse(Readme.Value));

    /// <summary>Every transcript's run, started together on first use, a few at a time.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Task<ProcessResult>>> Runs = new(() =>
    {
        var gate = new SemaphoreSlim(Math.Max(2, Environment.ProcessorCount));
        return Transcripts.Value.ToDictionary(t => Key(t.Line), t => Task.Run(async () =>
        {
            await gate.WaitAsync();
            try
            {
                string dir = Directory.CreateTempSubdirectory("sigmoidtorch-readme-").FullName;
                try
                {
                    return ExampleProcess.Run(t.Program, [.. t.Args, .. Digits.ThreadArguments], dir, timeoutSeconds: 300);
                }
                finally
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    });

    public static TheoryData<string> TranscriptLines => new(Transcripts.Value.Select(t => Key(t.Line)));

    private static string Key(int line) => $"README.md:{line}";

    [Theory, MemberData(nameof(TranscriptLines))]
    public async Task TheReadmeShowsWhatTheProgramPrints(string where)
    {
        var transcript = Transcripts.Value.Single(t => Key(t.Line) == where);
        var result = await Runs.Value[where];
        Assert.True(result.ExitCode == 0, $"{where}: `{transcript.CommandLine}` failed\n{result}");
        string[] actual = Lines(result.Stdout);
        Assert.True(transcript.Matches(actual),
            $"{where}: `{transcript.CommandLine}` no longer prints what the README shows. It prints:\n{string.Join('\n', actual)}\n" +
            $"--- the README shows ---\n{string.Join('\n', transcript.Expected)}");
    }

    [Fact]
    public void TheReadmeHasTranscriptsOfTheMainPrograms()
    {
        var programs = Transcripts.Value.Select(t => t.Program).ToHashSet();
        foreach (var program in new[] { "SineRegression", "GradientDescentPerceptron", "SigmoidNeuronTraining", "FlowerClassifier", "SigmoidVsPerceptron", "Sweep", "GradCheck" })
            Assert.Contains(program, programs);
    }

    /// <summary>
    /// Each run in docs/images/made-by.md printed the results (its "wrote" lines aside) that the README's transcript
    /// of the same command shows — all of them, in order, and nothing else when the commands are the same; a run that
    /// draws where the transcript's does not (--frame-pngs, no --no-plots) may add lines about the drawing — and each
    /// picture is a file one of those runs wrote.
    /// </summary>
    [Fact]
    public void ThePicturesComeFromRunsThatPrintedWhatTheReadmeShows()
    {
        string madeBy = File.ReadAllText(Path.Combine(SourceTree.Root, "docs", "images", "made-by.md"));
        var runs = Transcript.Parse(madeBy);
        Assert.NotEmpty(runs);
        foreach (var run in runs)
        {
            var shown = Transcripts.Value.Where(t => t.Program == run.Program && SameResults(t.Args, run.Args)).ToList();
            Assert.True(shown.Count > 0, $"docs/images/made-by.md: the README has no transcript of `{run.CommandLine}` (or of it with --no-plots)");
            Assert.True(shown.Any(t => Transcript.Matches(t.Args.SequenceEqual(run.Args) ? Results(t.Expected) : Within(Results(t.Expected)), Results(run.Expected))),
                $"docs/images/made-by.md: the pictures of `{run.CommandLine}` were made by code that printed other results than the README shows: " +
                "run `bash docs/images/regenerate.sh`");
        }

        var written = runs.SelectMany(r => r.Expected).Where(l => l.StartsWith("wrote ", StringComparison.Ordinal)).Select(l => l["wrote ".Length..]).ToHashSet();
        var table = madeBy.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains(".png |", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToDictionary(c => c[0], c => c[1]);
        foreach (var (picture, file) in table)
            Assert.True(written.Contains(file), $"docs/images/made-by.md: {picture} is said to be {file}, which no recorded run wrote");
        var pictures = Directory.GetFiles(Path.Combine(SourceTree.Root, "docs", "images"), "*.png").Select(Path.GetFileName).ToHashSet();
        Assert.Equal(pictures.Order(), table.Keys.Order());
    }

    [Fact]
    public void EveryPictureTheReadmeShowsExists()
    {
        var links = System.Text.RegularExpressions.Regex.Matches(Readme.Value, @"!\[[^\]]*\]\(([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        foreach (var link in links)
            Assert.True(File.Exists(Path.Combine(SourceTree.Root, link)), $"README.md shows {link}, which does not exist");
    }

    // --frame-pngs and --no-plots change what is drawn, not what is computed or printed (the "wrote" lines aside).
    private static bool SameResults(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        static IEnumerable<string> Core(IReadOnlyList<string> args) => args.Where(x => x is not ("--frame-pngs" or "--no-plots"));
        return Core(a).SequenceEqual(Core(b));
    }

    private static string[] Results(IReadOnlyList<string> lines) => [.. lines.Where(l => !l.StartsWith("wrote ", StringComparison.Ordinal))];

    // The lines as a pattern that other lines may come between, before and after.
    private static string[] Within(IReadOnlyList<string> lines) => [Transcript.Ellipsis, .. lines.SelectMany(l => new[] { l, Transcript.Ellipsis })];

    private static string[] Lines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return [.. lines];
    }
}

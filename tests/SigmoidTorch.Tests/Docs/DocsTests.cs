using System.Text.RegularExpressions;
using SigmoidTorch.Tests.Examples;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Docs;

/// <summary>
/// The docs (README.md and every page docs/*.md) show what the current code does. Every transcript in their
/// <c>console</c> blocks (a command and the lines it prints) is run as a process, the way a user runs it, and must
/// print exactly those lines; the pictures in docs/images must be those docs/images/regenerate.sh made from runs that
/// printed the same results; every example program has its section in docs/examples.md; every relative link leads to
/// a file of the repository (and a link to a heading, to one that is there). When a change of the code changes a
/// result, these tests fail and name the transcript to update, as PAGE:LINE (the message holds what the program
/// prints now).
/// </summary>
[Trait(Digits.Trait, Digits.Printed)]
public class DocsTests
{
    /// <summary>The pages, by their path from the repository's root: README.md, then docs/*.md.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Pages = new(() =>
        new[] { "README.md" }
            .Concat(Directory.GetFiles(Path.Combine(SourceTree.Root, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal))
            .ToDictionary(page => page, page => File.ReadAllText(Path.Combine(SourceTree.Root, page))));

    /// <summary>Every page's transcripts, by PAGE:LINE.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Transcript>> Transcripts = new(() =>
        Pages.Value.SelectMany(page => Transcript.Parse(page.Value, page.Key).Select(t => (Key: $"{page.Key}:{t.Line}", t)))
            .ToDictionary(x => x.Key, x => x.t));

    /// <summary>Every transcript's run, started together on first use, a few at a time.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Task<ProcessResult>>> Runs = new(() =>
    {
        var gate = new SemaphoreSlim(Math.Max(2, Environment.ProcessorCount));
        return Transcripts.Value.ToDictionary(kv => kv.Key, kv => Task.Run(async () =>
        {
            var t = kv.Value;
            await gate.WaitAsync();
            try
            {
                string dir = Directory.CreateTempSubdirectory("sigmoidtorch-docs-").FullName;
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

    public static TheoryData<string> TranscriptLines => new(Transcripts.Value.Keys);

    [Theory, MemberData(nameof(TranscriptLines))]
    public async Task TheDocsShowWhatTheProgramPrints(string where)
    {
        var transcript = Transcripts.Value[where];
        var result = await Runs.Value[where];
        Assert.True(result.ExitCode == 0, $"{where}: `{transcript.CommandLine}` failed\n{result}");
        string[] actual = Lines(result.Stdout);
        Assert.True(transcript.Matches(actual),
            $"{where}: `{transcript.CommandLine}` no longer prints what the page shows. It prints:\n{string.Join('\n', actual)}\n" +
            $"--- the page shows ---\n{string.Join('\n', transcript.Expected)}");
    }

    /// <summary>
    /// docs/examples.md documents every program of the registry (<see cref="ExamplePrograms"/>, which is examples/): a
    /// heading names it, and the docs show a transcript of it unless the registry says why not.
    /// </summary>
    [Fact]
    public void TheExamplesPageDocumentsEveryProgram()
    {
        var headings = Pages.Value["docs/examples.md"].Split('\n').Where(l => l.StartsWith('#')).ToList();
        var shown = Transcripts.Value.Values.Select(t => t.Program).ToHashSet();
        foreach (var p in ExamplePrograms.All)
        {
            Assert.True(headings.Any(h => h.Contains($"`{p.Name}`", StringComparison.Ordinal)), $"docs/examples.md has no heading that names `{p.Name}`");
            Assert.True(p.NoTranscript is not null || shown.Contains(p.Name), $"the docs show no transcript of {p.Name}");
        }
    }

    /// <summary>
    /// Each run in docs/images/made-by.md printed the results (its "wrote" lines aside) that the docs' transcript
    /// of the same command shows — all of them, in order, and nothing else when the commands are the same; a run that
    /// draws where the transcript's does not (--frame-pngs, no --no-plots) may add lines about the drawing — and each
    /// picture is a file one of those runs wrote.
    /// </summary>
    [Fact]
    public void ThePicturesComeFromRunsThatPrintedWhatTheDocsShow()
    {
        string madeBy = File.ReadAllText(Path.Combine(SourceTree.Root, "docs", "images", "made-by.md"));
        var runs = Transcript.Parse(madeBy, "docs/images/made-by.md");
        Assert.NotEmpty(runs);
        foreach (var run in runs)
        {
            var shown = Transcripts.Value.Values.Where(t => t.Program == run.Program && SameResults(t.Args, run.Args)).ToList();
            Assert.True(shown.Count > 0, $"docs/images/made-by.md: the docs have no transcript of `{run.CommandLine}` (or of it with --no-plots)");
            Assert.True(shown.Any(t => Transcript.Matches(t.Args.SequenceEqual(run.Args) ? Results(t.Expected) : Within(Results(t.Expected)), Results(run.Expected))),
                $"docs/images/made-by.md: the pictures of `{run.CommandLine}` were made by code that printed other results than the docs show: " +
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

    /// <summary>
    /// Every relative link and picture of the docs, outside code, leads to a file or folder of the repository, taken
    /// from the page's own folder; a link to a heading (<c>#anchor</c>, <c>page.md#anchor</c>) leads to a heading that
    /// page has, as GitHub names its anchors.
    /// </summary>
    [Fact]
    public void EveryRelativeLinkOfTheDocsLeadsSomewhere()
    {
        string root = SourceTree.RequireRepository("the docs link to the sources");
        var pictures = 0;
        foreach (var (page, text) in Pages.Value)
        {
            foreach (Match m in MarkdownLink.Matches(Prose(text)))
            {
                string target = m.Groups["target"].Value;
                if (Regex.IsMatch(target, "^[a-z]+:", RegexOptions.CultureInvariant)) continue;   // https:, mailto:
                if (m.Value.StartsWith('!')) pictures++;
                int hash = target.IndexOf('#', StringComparison.Ordinal);
                string file = hash < 0 ? target : target[..hash];
                string path = file.Length == 0 ? Path.Combine(root, page) : Path.GetFullPath(Path.Combine(root, Path.GetDirectoryName(page)!, file));
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{page} links to {target}: there is no {Path.GetRelativePath(root, path)}");
                if (hash >= 0)
                {
                    string anchor = target[(hash + 1)..];
                    var anchors = Anchors(File.ReadAllText(path));
                    Assert.True(anchors.Contains(anchor), $"{page} links to {target}: {Path.GetRelativePath(root, path)} has no heading with the anchor #{anchor}");
                }
            }
        }
        Assert.True(pictures > 0, "the docs show no picture");
    }

    /// <summary>
    /// A code block after a line <c>&lt;!-- code: PATH --&gt;</c> (PATH from the repository's root) is that file's code:
    /// each of its lines is a line of the file (leading spaces aside), in the file's order, so the code a page shows
    /// is the code that runs.
    /// </summary>
    [Fact]
    public void CodeTheDocsQuoteIsTheCodeOfItsFile()
    {
        string root = SourceTree.RequireRepository("the docs quote the sources");
        int quoted = 0;
        foreach (var (page, text) in Pages.Value)
        {
            foreach (Match m in QuotedCode.Matches(text.Replace("\r\n", "\n", StringComparison.Ordinal)))
            {
                string file = m.Groups["file"].Value;
                Assert.True(File.Exists(Path.Combine(root, file)), $"{page} quotes {file}, which does not exist");
                var source = File.ReadAllLines(Path.Combine(root, file)).Select(l => l.Trim()).ToList();
                int at = 0;
                foreach (string line in m.Groups["code"].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
                {
                    int found = source.IndexOf(line, at);
                    Assert.True(found >= 0, $"{page} quotes {file}, but the file has no line (after the lines quoted before it)\n{line}");
                    at = found + 1;
                }
                quoted++;
            }
        }
        Assert.True(quoted > 0, "the docs quote no code");
    }

    private static readonly Regex QuotedCode = new(@"^<!-- code: (?<file>\S+) -->\n```\w*\n(?<code>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.CultureInvariant);

    // [text](target) and ![alt](target); the text may hold `code` and one level of [brackets].
    private static readonly Regex MarkdownLink = new(@"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\((?<target>[^)\s]+)\)", RegexOptions.CultureInvariant);

    // The text outside fenced code blocks and inline code, where a link is a link.
    private static string Prose(string markdown)
    {
        var kept = new List<string>();
        bool fenced = false;
        foreach (string line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            else if (!fenced) kept.Add(Regex.Replace(line, "`[^`]*`", "``"));
        }
        return string.Join('\n', kept);
    }

    /// <summary>
    /// The anchors GitHub gives a page's headings: the heading's text in lower case, without its Markdown and its
    /// punctuation (what is not a letter, digit, space, hyphen or underscore), each space a hyphen; a repeated one gets
    /// -1, -2, ….
    /// </summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        bool fenced = false;
        foreach (string line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            if (fenced || !Regex.IsMatch(line, "^#{1,6} ", RegexOptions.CultureInvariant)) continue;
            string text = Regex.Replace(line.TrimStart('#').Trim(), @"\[([^\]]*)\]\([^)]*\)", "$1").ToLowerInvariant();
            string slug = Regex.Replace(text, @"[^\p{L}\p{Nd}\p{Mn} _-]", "").Replace(' ', '-');
            string anchor = slug;
            for (int n = 1; !anchors.Add(anchor); n++) anchor = $"{slug}-{n}";
        }
        return anchors;
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

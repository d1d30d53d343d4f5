using System.Text.RegularExpressions;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// A command and what it prints, as the README shows it in a <c>console</c> block:
/// <code>
/// $ dotnet run --project examples/SineRegression -c Release -- --activation relu
/// [ 2 5 1 ] Activation: ReLU … Time: …
/// …
/// wrote out/SineRegression/fit.png
/// </code>
/// In an expected line "…" stands for any text (times); a line that is only "…" stands for any number of lines.
/// Everything else must be what the program writes on stdout, line for line, to the last line.
/// </summary>
/// <param name="Program">The example program (the folder under examples/).</param>
/// <param name="Args">The arguments after <c>--</c>.</param>
/// <param name="Expected">The lines shown under the command.</param>
/// <param name="Line">The command's line number in the file (from 1).</param>
public sealed record Transcript(string Program, IReadOnlyList<string> Args, IReadOnlyList<string> Expected, int Line)
{
    /// <summary>Stands for any text within a line, or, alone on a line, for any number of lines.</summary>
    public const string Ellipsis = "…";

    private static readonly Regex Command = new(@"^\$ dotnet run --project examples/(\w+) -c Release(?: -- (.+))?$", RegexOptions.CultureInvariant);

    /// <summary>The command as the README shows it.</summary>
    public string CommandLine => $"dotnet run --project examples/{Program} -c Release" + (Args.Count > 0 ? " -- " + string.Join(' ', Args) : "");

    /// <summary>
    /// Every transcript in the <c>console</c> blocks of a Markdown text. A line in such a block that starts with "$ "
    /// but is not a <c>dotnet run --project examples/NAME -c Release [-- ARGS]</c> command is refused, so that no
    /// transcript is left unchecked by accident.
    /// </summary>
    public static IReadOnlyList<Transcript> Parse(string markdown)
    {
        var transcripts = new List<Transcript>();
        string[] lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        bool inConsole = false;
        (string Program, string[] Args, int Line)? current = null;
        var expected = new List<string>();
        void Flush()
        {
            if (current is { } c)
                transcripts.Add(new Transcript(c.Program, c.Args, [.. expected], c.Line));
            current = null;
            expected.Clear();
        }
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                inConsole = !inConsole && line.Trim() == "```console";
                continue;
            }
            if (!inConsole)
                continue;
            if (line.StartsWith("$ ", StringComparison.Ordinal))
            {
                Flush();
                var m = Command.Match(line);
                if (!m.Success)
                    throw new FormatException($"README line {i + 1}: '{line}' is not a command the README check can run (dotnet run --project examples/NAME -c Release [-- ARGS])");
                string[] args = m.Groups[2].Success ? m.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
                current = (m.Groups[1].Value, args, i + 1);
            }
            else if (current is not null)
            {
                expected.Add(line);
            }
        }
        Flush();
        return transcripts;
    }

    /// <summary>Whether <paramref name="actual"/> (lines of stdout) is what <see cref="Expected"/> shows.</summary>
    public bool Matches(IReadOnlyList<string> actual) => Matches(Expected, actual);

    /// <summary>Whether <paramref name="actual"/> matches the pattern lines <paramref name="expected"/> (see <see cref="Transcript"/>).</summary>
    public static bool Matches(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var patterns = expected.Select(e => e == Ellipsis ? null : LinePattern(e)).ToArray();
        // match[i, j]: expected[i..] matches actual[j..].
        var match = new bool[patterns.Length + 1, actual.Count + 1];
        match[patterns.Length, actual.Count] = true;
        for (int i = patterns.Length - 1; i >= 0; i--)
        {
            for (int j = actual.Count; j >= 0; j--)
            {
                match[i, j] = patterns[i] is not { } pattern
                    ? match[i + 1, j] || (j < actual.Count && match[i, j + 1])
                    : j < actual.Count && pattern.IsMatch(actual[j]) && match[i + 1, j + 1];
            }
        }
        return match[0, 0];
    }

    private static Regex LinePattern(string expected) =>
        new("^" + string.Join(".*?", expected.Split(Ellipsis).Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);

    /// <inheritdoc />
    public override string ToString() => $"{Program} {string.Join(' ', Args)}".TrimEnd();
}

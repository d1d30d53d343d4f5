using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// A command and what it prints, as the docs (README.md, docs/*.md) show it in a <c>console</c> block:
/// <code>
/// $ dotnet run --project examples/SineRegression -c Release -- --activation relu
/// [ 2 5 1 ] Activation: ReLU … Time: …
/// …
/// wrote out/SineRegression/fit.png
/// </code>
/// In an expected line "…" stands for any text (times); a line that is only "…" stands for any number of lines.
/// A decimal number immediately followed by "…" (<c>Final loss: 0.0031478627541… Time: …</c>) stands for "these
/// digits, then more": it matches a number that agrees with the one shown to within one unit of its last shown digit
/// (|actual − shown| ≤ 10^k, 10^k the place of that digit). That is for float64 results whose last digits differ
/// between CPUs and thread counts: libtorch picks its vectorised kernels by CPU capability and the thread count
/// changes the order of reductions, which moves a float64 result by about 1e-16 of its size, some 1e-14 after
/// thousands of steps (measured: seed 001's final loss 0.003147862754110453 here, …110533 on another CPU, …1104568
/// with ATEN_CPU_CAPABILITY=default); showing 12 to 13 significant digits leaves a margin of about a hundred to a
/// thousand times. A run that amplifies rounding (a chaotic one) moves by far more and is no transcript.
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

    /// <summary>The command as the docs show it.</summary>
    public string CommandLine => $"dotnet run --project examples/{Program} -c Release" + (Args.Count > 0 ? " -- " + string.Join(' ', Args) : "");

    /// <summary>
    /// Every transcript in the <c>console</c> blocks of a Markdown text (<paramref name="source"/> names it in errors).
    /// A line in such a block that starts with "$ " but is not a <c>dotnet run --project examples/NAME -c Release
    /// [-- ARGS]</c> command is refused, so that no transcript is left unchecked by accident.
    /// </summary>
    public static IReadOnlyList<Transcript> Parse(string markdown, string source)
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
                    throw new FormatException($"{source} line {i + 1}: '{line}' is not a command the docs check can run (dotnet run --project examples/NAME -c Release [-- ARGS])");
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
                    : j < actual.Count && match[i + 1, j + 1] && LineMatches(pattern, actual[j]);
            }
        }
        return match[0, 0];
    }

    // A decimal number (optionally signed, with an exponent) at the end of a piece of an expected line that "…" follows.
    private static readonly Regex ShownNumber = new(@"(?<![\d.])[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$", RegexOptions.CultureInvariant);

    // The same number in an actual line: all of its digits (a number with more digits than shown is what "…" allows).
    private const string ActualNumber = @"(?<![\d.])(?>[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)";

    // An expected line as a regular expression, and the numbers shown with "…" after them: their values and the unit of their last digit.
    private sealed record LineShape(Regex Pattern, IReadOnlyList<(double Value, double Unit)> Shown);

    private static bool LineMatches(LineShape line, string actual)
    {
        var (pattern, shown) = line;
        var m = pattern.Match(actual);
        if (!m.Success) return false;
        for (int i = 0; i < shown.Count; i++)
        {
            double value = double.Parse(m.Groups["n" + i].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            // One unit, and a few units in the last place of the numbers for their binary rounding (0.0031478627542 − 0.0031478627541 is not exactly 1e-13 in binary).
            double size = Math.Max(Math.Abs(value), Math.Abs(shown[i].Value));
            if (!(Math.Abs(value - shown[i].Value) <= shown[i].Unit + 4 * (Math.BitIncrement(size) - size))) return false;
        }
        return true;
    }

    private static LineShape LinePattern(string expected)
    {
        var pieces = expected.Split(Ellipsis);
        var regex = new StringBuilder("^");
        var shown = new List<(double, double)>();
        for (int i = 0; i < pieces.Length; i++)
        {
            string piece = pieces[i];
            bool last = i == pieces.Length - 1;
            var number = last ? Match.Empty : ShownNumber.Match(piece);
            if (number.Success)
            {
                regex.Append(Regex.Escape(piece[..number.Index])).Append($"(?<n{shown.Count}>{ActualNumber})");
                shown.Add(Shown(number.Value));
            }
            else
            {
                regex.Append(Regex.Escape(piece));
                if (!last) regex.Append(".*?");
            }
        }
        return new LineShape(new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant), shown);
    }

    // A shown number's value and the place of its last digit: 0.00314786… → (0.00314786, 1e-8); 1.5e-3… → (0.0015, 1e-4).
    private static (double Value, double Unit) Shown(string text)
    {
        int e = text.IndexOfAny(['e', 'E']);
        string mantissa = e < 0 ? text : text[..e];
        int exponent = e < 0 ? 0 : int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int point = mantissa.IndexOf('.', StringComparison.Ordinal);
        int decimals = point < 0 ? 0 : mantissa.Length - point - 1;
        return (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), Math.Pow(10, exponent - decimals));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Program} {string.Join(' ', Args)}".TrimEnd();
}

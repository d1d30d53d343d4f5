using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// The Python program the documentation gives to check a checkpoint without .NET (the <c>```python</c> block that
/// starts with <c>import hashlib</c>, in README.md or a page of docs/), run as written by python3 on many files at once.
/// </summary>
internal static partial class ReadmeChecker
{
    /// <summary>What the checker made of one file.</summary>
    /// <param name="Verdict">What it printed ("ok" or "damaged"), or "error: …" when it stopped with an exception.</param>
    /// <param name="Sha256">The SHA-256 of the text it hashed (its variable <c>canonical</c>), or null when it did not get that far.</param>
    public sealed record Result(string Verdict, string? Sha256);

    /// <summary>The checker's source, from the first page that holds it.</summary>
    public static string Source()
    {
        var pages = new[] { Path.Combine(SourceTree.Root, "README.md") }
            .Concat(Directory.Exists(Path.Combine(SourceTree.Root, "docs")) ? Directory.GetFiles(Path.Combine(SourceTree.Root, "docs"), "*.md").Order(StringComparer.Ordinal) : []);
        foreach (string page in pages)
            if (Block().Match(File.ReadAllText(page)) is { Success: true } block)
                return block.Groups[1].Value;
        Assert.Fail("neither README.md nor docs/*.md has a ```python block starting with import hashlib (the checkpoint checker)");
        return "";
    }

    /// <summary>Runs the checker on each of <paramref name="files"/> (one python3 process for all of them).</summary>
    public static IReadOnlyList<Result> Run(string folder, IReadOnlyList<string> files)
    {
        string checker = Path.Combine(folder, "check.py"), driver = Path.Combine(folder, "drive.py");
        File.WriteAllText(checker, Source());
        File.WriteAllText(driver, """
            import contextlib, hashlib, io, sys
            code = open(sys.argv[1], encoding="utf-8").read()
            for path in sys.argv[2:]:
                out, names = io.StringIO(), {"__name__": "__main__"}
                sys.argv = ["check.py", path]
                try:
                    with contextlib.redirect_stdout(out):
                        exec(code, names)
                    verdict = out.getvalue().strip()
                except Exception as e:
                    verdict = "error: " + type(e).__name__
                canonical = names.get("canonical")
                print(verdict + "\t" + (hashlib.sha256(canonical.encode()).hexdigest() if isinstance(canonical, str) else ""))
            """);
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { driver, checker }.Concat(files)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python3 {driver}: {error.Result}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(files.Count, lines.Length);
        return lines.Select(line => line.Split('\t')).Select(p => new Result(p[0], p[1].Length == 0 ? null : p[1])).ToList();
    }

    [GeneratedRegex("```python\n(import hashlib.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();
}

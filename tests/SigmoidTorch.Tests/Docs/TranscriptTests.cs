using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Docs;

/// <summary>The README check itself: what a transcript matches and what it refuses.</summary>
public class TranscriptTests
{
    [Fact]
    public void ParsesCommandsAndTheirLinesFromConsoleBlocksOnly()
    {
        var transcripts = Transcript.Parse("""
            text
            ```sh
            dotnet run --project examples/Ignored -c Release
            ```
            ```console
            $ dotnet run --project examples/SineRegression -c Release
            line one

            line three
            $ dotnet run --project examples/Sweep -c Release -- --seeds 8 --lrs 0.45
            best
            ```
            """);
        Assert.Equal(2, transcripts.Count);
        Assert.Equal(("SineRegression", 6), (transcripts[0].Program, transcripts[0].Line));
        Assert.Empty(transcripts[0].Args);
        Assert.Equal(["line one", "", "line three"], transcripts[0].Expected);
        Assert.Equal(["--seeds", "8", "--lrs", "0.45"], transcripts[1].Args);
        Assert.Equal("dotnet run --project examples/Sweep -c Release -- --seeds 8 --lrs 0.45", transcripts[1].CommandLine);
    }

    [Fact]
    public void RefusesACommandItCannotRun()
    {
        var e = Assert.Throws<FormatException>(() => Transcript.Parse("```console\n$ python3 seed001.py\n```"));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "a", "b" }, new[] { "a", "b" }, true)]
    [InlineData(new[] { "a", "b" }, new[] { "a", "b", "c" }, false)]            // a line the README leaves out
    [InlineData(new[] { "a", "b", "c" }, new[] { "a", "b" }, false)]            // a line the program no longer prints
    [InlineData(new[] { "Final loss: 0.1125347761059954" }, new[] { "Final loss: 0.11253477610599553" }, false)]
    [InlineData(new[] { "Final loss: 0.5 Time: …" }, new[] { "Final loss: 0.5 Time: 0.2718" }, true)]
    [InlineData(new[] { "Final loss: … Time: …" }, new[] { "Time: 1 Final loss: 2" }, false)]
    [InlineData(new[] { "first", "…", "last" }, new[] { "first", "x", "y", "last" }, true)]
    [InlineData(new[] { "first", "…", "last" }, new[] { "first", "last" }, true)]
    [InlineData(new[] { "first", "…", "last" }, new[] { "first", "x", "final" }, false)]
    [InlineData(new[] { "…" }, new string[0], true)]
    public void MatchesLineForLineWithEllipses(string[] expected, string[] actual, bool matches) =>
        Assert.Equal(matches, Transcript.Matches(expected, actual));
}

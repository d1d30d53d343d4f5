using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Docs;

/// <summary>The docs check itself: what a transcript matches and what it refuses.</summary>
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
            """, "page.md");
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
        var e = Assert.Throws<FormatException>(() => Transcript.Parse("```console\n$ python3 seed001.py\n```", "page.md"));
        Assert.Contains("page.md line 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "a", "b" }, new[] { "a", "b" }, true)]
    [InlineData(new[] { "a", "b" }, new[] { "a", "b", "c" }, false)]            // a line the page leaves out
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

    /// <summary>
    /// "0.0031478627541…": these digits, then more. The number printed must agree within one unit of the last digit
    /// shown (here 1e-13), whatever digits follow; it is read whole (the digits after the shown ones are not left to
    /// match other text), and the text around it must match as before.
    /// </summary>
    [Theory]
    [InlineData("Final loss: 0.0031478627541… Time: …", "Final loss: 0.003147862754110453 Time: 1.6441", true)]     // this machine
    [InlineData("Final loss: 0.0031478627541… Time: …", "Final loss: 0.003147862754110533 Time: 1.2", true)]        // the developers' machine
    [InlineData("Final loss: 0.0031478627541… Time: …", "Final loss: 0.0031478627541104568 Time: 1.9877", true)]    // ATEN_CPU_CAPABILITY=default
    [InlineData("Final loss: 0.0031478627541… Time: …", "Final loss: 0.0031478627542 Time: 1", true)]               // one unit of the last digit
    [InlineData("Final loss: 0.0031478627541… Time: …", "Final loss: 0.00314786275421 Time: 1", false)]             // more than one unit
    [InlineData("Final loss: 0.0031478627541… Time: …", "Final loss: 0.0031478627543 Time: 1", false)]
    [InlineData("Final loss: 0.0031478627541… Time: …", "Final loss: 0.003147 Time: 1", false)]                    // fewer digits, further off
    [InlineData("Final loss: 0.0031478627541… Time: …", "Final loss: 0.0031478627541", false)]                     // the rest of the line is missing
    [InlineData("Final loss: 0.0031478627541… Time: …", "Final loss: NaN Time: 1", false)]                         // not a number
    [InlineData("Final loss: 0.0031478627541… Time: …", "Final loss: -0.0031478627541 Time: 1", false)]            // the sign counts
    [InlineData("x 12…", "x 123", false)]                                                                         // the number is read whole
    [InlineData("x 12… y", "x 12.4 y", true)]
    [InlineData("x 12… y", "x 12.4 z", false)]
    [InlineData("w = -5.283…]", "w = -5.28321694]", true)]
    [InlineData("diff 2.7e-20…", "diff 2.74e-20", true)]                                                         // the unit of 2.7e-20 is 1e-21
    [InlineData("diff 2.7e-20…", "diff 4.3e-19", false)]
    [InlineData("took 5 … s", "took 5 whole s", true)]                                                            // "…" after a space: any text, as before
    public void ANumberFollowedByAnEllipsisAgreesToItsLastShownDigit(string expected, string actual, bool matches) =>
        Assert.Equal(matches, Transcript.Matches([expected], [actual]));
}

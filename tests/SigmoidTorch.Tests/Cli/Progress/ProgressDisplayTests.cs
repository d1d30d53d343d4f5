using SigmoidTorch.Cli.Progress;
using Spectre.Console.Testing;
using Xunit;

namespace SigmoidTorch.Tests.Cli.Progress;

/// <summary>
/// The progress display: live bars (drawn on Spectre.Console's test console, as on a terminal), log lines where
/// nothing can be redrawn, lines written while a bar is live, stages that count files, and how stages end.
/// </summary>
public class ProgressDisplayTests
{
    private static TestConsole Terminal(int width = 120) => new TestConsole().Width(width).Interactive().SupportsAnsi(true).EmitAnsiSequences();

    [Fact]
    public void ALiveStageDrawsTheCountPercentageAndStatus()
    {
        var terminal = Terminal();
        var display = new ProgressDisplay(terminal, TextWriter.Null);
        using var stage = display.Start("training", 10, "epochs");
        for (int i = 1; i <= 10; i++) stage.Report(i, $"loss 0.{i}");

        Assert.True(stage.Ended);
        Assert.True(display.IsLive);
        foreach (var expected in new[] { "training", "10/10 epochs", "100%", "loss 0.10", "━" })
            Assert.Contains(expected, terminal.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ANarrowTerminalGetsTheCountWithoutTheBar()
    {
        var terminal = Terminal(width: ProgressDisplay.CompactWidth - 10);
        var display = new ProgressDisplay(terminal, TextWriter.Null);
        using (var stage = display.Start("training", 5, "epochs"))
            for (int i = 1; i <= 5; i++) stage.Report(i);

        Assert.Contains("5/5 epochs", terminal.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("━", terminal.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void LinesReportedWhileABarIsLiveGoAboveItAndLaterOnesToTheirTarget()
    {
        var terminal = Terminal();
        var display = new ProgressDisplay(terminal, TextWriter.Null);
        var stdout = new StringWriter();
        var report = display.Wrap(stdout, sharesTerminal: true);

        using (var stage = display.Start("drawing plots", 2, "files"))
        {
            report.WriteLine("wrote loss.png");
            stage.Advance();
        }
        report.WriteLine("after the bar");

        Assert.Contains("wrote loss.png", terminal.Output, StringComparison.Ordinal);
        Assert.Equal("after the bar" + Environment.NewLine, stdout.ToString());
    }

    [Fact]
    public void AReportThatIsNotOnTheTerminalIsLeftAsItIs()
    {
        var display = new ProgressDisplay(Terminal(), TextWriter.Null);
        var redirected = new StringWriter();
        Assert.Same(redirected, display.Wrap(redirected, sharesTerminal: false));
        Assert.Same(redirected, new ProgressDisplay(null, TextWriter.Null).Wrap(redirected, sharesTerminal: true));
    }

    [Fact]
    public void WithoutATerminalAStageLogsALineAtEachTenth()
    {
        var log = new StringWriter();
        var display = new ProgressDisplay(null, log);
        using var stage = display.Start("training", 100, "epochs");
        for (int i = 1; i <= 100; i++) stage.Report(i, $"loss {i}");

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.False(display.IsLive);
        Assert.Equal(11, lines.Length);   // tenths 0 (at 1/100) to 10
        Assert.StartsWith("training: 1/100 epochs (1%) loss 1 [", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("training: 50/100 epochs (50%) loss 50 [", lines[5], StringComparison.Ordinal);
        Assert.StartsWith("training: 100/100 epochs (100%) loss 100 [", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void AFilesStageCountsTheFilesWrittenWhileItRuns()
    {
        var display = new ProgressDisplay(null, TextWriter.Null);
        using (var training = display.Start("training", 3, "epochs"))
        {
            display.FileWritten();   // a checkpoint written during training is not a plot
            Assert.Equal(0, training.Done);
        }

        var plots = display.StartFiles("drawing plots", 2);
        display.FileWritten();
        Assert.Equal(1, plots.Done);
        display.FileWritten();
        Assert.True(plots.Ended);
        display.FileWritten();   // after the stage: nothing to count
        Assert.Equal(2, plots.Done);
    }

    [Fact]
    public void AStageEndsWhenDisposedOrWhenTheNextOneStarts()
    {
        var display = new ProgressDisplay(Terminal(), TextWriter.Null);
        var first = display.Start("first", 10, "steps");
        first.Report(3);
        var second = display.Start("second", 10, "steps");
        Assert.True(first.Ended);
        Assert.Equal(3, first.Done);
        Assert.Same(second, display.Current);

        second.Dispose();
        Assert.True(second.Ended);
        Assert.Null(display.Current);
        second.Report(5);   // after the end: ignored
        Assert.Equal(0, second.Done);
    }

    [Fact]
    public void RunReturnsWhatTheWorkReturnsAndEndsTheStage()
    {
        var display = new ProgressDisplay(null, TextWriter.Null);
        ProgressStage? seen = null;
        int result = display.Run("work", 4, "items", stage =>
        {
            seen = stage;
            stage.Report(2);
            return 42;
        });

        Assert.Equal(42, result);
        Assert.True(seen!.Ended);
        Assert.Equal(2, seen.Done);
    }

    [Fact]
    public void ReportsAreClampedToTheStage()
    {
        var display = new ProgressDisplay(null, TextWriter.Null);
        using var stage = display.Start("work", 4, "items");
        stage.Report(-3);
        Assert.Equal(0, stage.Done);
        stage.Report(99);
        Assert.Equal(4, stage.Done);
        Assert.True(stage.Ended);
    }
}

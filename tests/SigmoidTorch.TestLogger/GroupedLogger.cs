using System.Globalization;
using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Client;

namespace SigmoidTorch.TestLogger;

/// <summary>
/// The `dotnet test` console of this repository (VSTest logger "grouped", turned on by tests/test.runsettings, with
/// VSTest's own console logger at quiet): every failed test in full (name, message, stack trace, output), skipped tests
/// as one line per test method and reason (<see cref="SkipSummary"/>). VSTest's console logger still prints each
/// assembly's "Passed!/Failed! - Failed: N, Passed: N, Skipped: N" line, and the TRX logger the results file that
/// lists every test, skipped rows included.
/// </summary>
[FriendlyName(FriendlyName)]
[ExtensionUri(Uri)]
public sealed class GroupedLogger : ITestLoggerWithParameters
{
    /// <summary>The name runsettings and --logger use.</summary>
    public const string FriendlyName = "grouped";

    /// <summary>The logger's extension URI.</summary>
    public const string Uri = "logger://sigmoidtorch/grouped";

    private readonly SkipSummary skipped = new();
    private readonly object gate = new();

    /// <inheritdoc/>
    public void Initialize(TestLoggerEvents events, string testRunDirectory) => Initialize(events, new Dictionary<string, string?>());

    /// <inheritdoc/>
    public void Initialize(TestLoggerEvents events, Dictionary<string, string?> parameters)
    {
        ArgumentNullException.ThrowIfNull(events);
        events.TestResult += (_, e) => OnResult(e.Result);
        events.TestRunComplete += (_, _) => OnComplete();
    }

    private void OnResult(TestResult result)
    {
        if (result.Outcome == TestOutcome.Skipped)
        {
            skipped.Add(result.TestCase.FullyQualifiedName, result.ErrorMessage);
            return;
        }
        if (result.Outcome != TestOutcome.Failed) return;
        lock (gate)
        {
            var out_ = Console.Out;
            string name = string.IsNullOrWhiteSpace(result.DisplayName) ? result.TestCase.DisplayName : result.DisplayName;
            out_.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Failed {name} [{result.Duration.TotalMilliseconds:F0} ms]"));
            Section(out_, "Error Message", result.ErrorMessage);
            Section(out_, "Stack Trace", result.ErrorStackTrace);
            foreach (var message in result.Messages.Where(m => !string.IsNullOrWhiteSpace(m.Text)))
                Section(out_, message.Category == TestResultMessage.StandardOutCategory ? "Standard Output Messages" : message.Category, message.Text);
        }
    }

    private void OnComplete()
    {
        lock (gate)
        {
            if (skipped.Count == 0) return;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {skipped.Count} skipped, by test method (each row, with its reason, is in the TRX results file):"));
            foreach (var line in skipped.Lines())
                Console.Out.WriteLine("    " + line);
        }
    }

    private static void Section(TextWriter w, string title, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        w.WriteLine($"  {title}:");
        foreach (var line in text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
            w.WriteLine("   " + line);
    }
}

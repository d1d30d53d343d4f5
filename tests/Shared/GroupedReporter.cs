using SigmoidTorch.TestLogger;
using Xunit.Runner.Common;
using Xunit.Sdk;

namespace SigmoidTorch.TestRunner;

/// <summary>
/// The console of a test executable run directly (its "default" reporter; tests/Shared/RunnerReporters.cs registers
/// it): xUnit.net's default output, except that skipped tests are not listed one by one but as one line per test
/// method and reason with their count (<see cref="SkipSummary"/>), followed by the path of the TRX file that lists
/// every row (<see cref="TestEntryPoint"/> writes one unless the command line asks for other result files).
/// </summary>
internal sealed class GroupedReporter : IRunnerReporter
{
    public bool CanBeEnvironmentallyEnabled => false;

    public string Description => "failures in full, skipped tests one line per test method with their count and reason";

    public bool ForceNoLogo => false;

    public bool IsEnvironmentallyEnabled => false;

    public string? RunnerSwitch => "default";

    public ValueTask<IRunnerReporterMessageHandler> CreateMessageHandler(IRunnerLogger logger, IMessageSink? diagnosticMessageSink) =>
        new(new Handler(logger));

    private sealed class Handler(IRunnerLogger logger) : DefaultRunnerReporterMessageHandler(logger)
    {
        private readonly SkipSummary skipped = new();

        protected override void HandleTestSkipped(MessageHandlerArgs<ITestSkipped> args)
        {
            ArgumentNullException.ThrowIfNull(args);
            var test = MetadataCache.TryGetTestMetadata(args.Message);
            skipped.Add(test?.TestDisplayName ?? "<unknown test>", args.Message.Reason);
        }

        protected override void HandleTestAssemblyExecutionFinished(MessageHandlerArgs<TestAssemblyExecutionFinished> args)
        {
            lock (Logger.LockObject)
            {
                foreach (var line in skipped.Lines())
                    Logger.LogWarning("    " + line);
                if (skipped.Count > 0)
                    Logger.LogImportantMessage(TestEntryPoint.ResultsFile is { } file
                        ? $"    each skipped row, with its reason: {file}"
                        : "    (ask for a results file, e.g. -trx FILE, to list each skipped row)");
            }
            base.HandleTestAssemblyExecutionFinished(args);
        }
    }
}

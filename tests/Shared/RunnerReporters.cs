using SigmoidTorch.TestRunner;
using Xunit.Runner.Common;

// The reporters of a test executable run directly (-reporter NAME picks one; CI systems' are picked by their
// environment): xUnit.net's built-in ones, with this repository's GroupedReporter as the default.
// TestProject.props turns off xUnit.net's own registration of them (XunitRegisterBuiltInRunnerReporters).
[assembly: RegisterRunnerReporter(typeof(GroupedReporter))]
[assembly: RegisterRunnerReporter(typeof(AppVeyorReporter))]
[assembly: RegisterRunnerReporter(typeof(JsonReporter))]
[assembly: RegisterRunnerReporter(typeof(QuietReporter))]
[assembly: RegisterRunnerReporter(typeof(SilentReporter))]
[assembly: RegisterRunnerReporter(typeof(TeamCityReporter))]
[assembly: RegisterRunnerReporter(typeof(VerboseReporter))]
[assembly: RegisterRunnerReporter(typeof(VstsReporter))]

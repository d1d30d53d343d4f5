using System.Reflection;
using Xunit.Runner.InProc.SystemConsole;

namespace SigmoidTorch.TestRunner;

/// <summary>
/// The entry point of a test executable (TestProject.props turns xUnit.net's generated one off): xUnit.net's in-process
/// console runner, with a TRX results file, TestResults/&lt;assembly&gt;.trx under the current folder, unless the command
/// line names result files itself or does not run tests here (-list, help, or arguments from a response file as
/// `dotnet test` passes them), and without colours when the output is not a terminal.
/// </summary>
internal static class TestEntryPoint
{
    private static readonly string[] NoDefaultResults =
    [
        "-automated", "-list", "-assemblyInfo", "-?", "-h", "-help", "--help",
        "-trx", "-xml", "-xmlv1", "-html", "-junit", "-nunit", "-ctrf", "-markdown",
    ];

    /// <summary>The TRX file this run writes by default, or null.</summary>
    public static string? ResultsFile { get; private set; }

    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(a => a.StartsWith('@'))) return ConsoleRunner.Run(args).GetAwaiter().GetResult();
        if (!args.Any(a => NoDefaultResults.Contains(a, StringComparer.OrdinalIgnoreCase) || a.StartsWith("-result-", StringComparison.OrdinalIgnoreCase)))
        {
            string name = Assembly.GetEntryAssembly()?.GetName().Name ?? "tests";
            ResultsFile = Path.GetFullPath(Path.Combine("TestResults", name + ".trx"));
            Directory.CreateDirectory(Path.GetDirectoryName(ResultsFile)!);
            args = [.. args, "-result-trx", ResultsFile];
        }
        if (Console.IsOutputRedirected && !args.Contains("-noColor", StringComparer.OrdinalIgnoreCase)) args = [.. args, "-noColor"];
        return ConsoleRunner.Run(args).GetAwaiter().GetResult();
    }
}

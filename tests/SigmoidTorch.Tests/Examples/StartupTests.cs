using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Examples;

/// <summary>
/// Every program answers <c>--help</c> and a bad flag before libtorch loads: in a tenth of a second instead of the half
/// second and 150 MB of loading it, and, in a build without its own libtorch (the bundle), before the installed one is
/// found. The dynamic loader says what it loads when <c>LD_DEBUG=libs</c> is set (glibc).
/// </summary>
public class StartupTests
{
    public static TheoryData<string> Programs => new(ExamplePrograms.All.Select(p => p.Name));

    [Theory, MemberData(nameof(Programs))]
    public void HelpAndBadFlagsAnswerBeforeLibtorchLoads(string program)
    {
        string dir = Directory.CreateTempSubdirectory("sigmoidtorch-startup-").FullName;
        try
        {
            var environment = new Dictionary<string, string> { ["LD_DEBUG"] = "libs" };
            foreach (var (args, exit) in new[] { (new[] { "--help" }, 0), (new[] { "--no-such-flag" }, 2) })
            {
                var run = ExampleProcess.Run(program, args, dir, environment);
                Assert.True(run.ExitCode == exit, $"{program} {args[0]}: {run}");
                var loaded = run.Stderr.Split('\n').Where(l => l.Contains("calling init:", StringComparison.Ordinal)).ToList();
                Assert.NotEmpty(loaded);   // the loader did report what it loaded
                Assert.True(!loaded.Any(l => l.Contains("libtorch_cpu", StringComparison.Ordinal)), $"{program} {args[0]} loaded libtorch before answering");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

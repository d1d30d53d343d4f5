using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;
using static SigmoidTorch.Tests.Build.Consumer;

namespace SigmoidTorch.Tests.Build;

/// <summary>
/// SigmoidTorch.Checking as a user gets it: packed with the core it depends on, referenced by a fresh xUnit test project
/// outside this repository, restored offline (the packages from a folder feed, TorchSharp, libtorch and xUnit from the
/// NuGet cache the solution restored), whose two tests are docs/check-your-backprop.md's. `dotnet test` must pass the
/// right backward and fail the wrong one with the report as its message, naming the bias and its worst element.
/// </summary>
public class CheckingConsumerTests
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    // About 30 s (two packs, a restore, one C# compilation, a test run): `--filter Category!=Slow` leaves it out while iterating.
    [Fact]
    [Trait("Category", "Slow")]
    public void AUsersTestProjectFailsTheWrongBackwardWithTheReport()
    {
        string repo = SourceTree.RequireRepository("it packs the library and tests a project against it");
        string page = File.ReadAllText(Path.Combine(repo, "docs", "check-your-backprop.md"));
        string projectFile = CodeBlockAfter(page, "<!-- consumer: test project -->");
        string tests = CodeBlockAfter(page, "<!-- consumer: tests -->");

        var temp = Directory.CreateTempSubdirectory("sigmoidtorch-checking-consumer-");
        try
        {
            string feed = Path.Combine(temp.FullName, "feed");
            var environment = SdkEnvironment(Path.Combine(temp.FullName, "packages"), Path.Combine(temp.FullName, "xdg"));
            Pack(repo, environment, "SigmoidTorch", feed);
            CheckPackageContents(Pack(repo, environment, "SigmoidTorch.Checking", feed), projectFile, tests);
            WriteNuGetConfig(temp.FullName, feed);

            string project = Directory.CreateDirectory(Path.Combine(temp.FullName, "MyLayers.Tests")).FullName;
            File.WriteAllText(Path.Combine(project, "MyLayers.Tests.csproj"), projectFile);
            File.WriteAllText(Path.Combine(project, "AffineTanhTests.cs"), tests);
            string results = Path.Combine(temp.FullName, "results");
            var run = ExampleProcess.RunDotnet(["test", "--logger", "trx;LogFileName=tests.trx", "--results-directory", results],
                                               project, environment, SdkTimeoutSeconds);

            Assert.True(run.ExitCode != 0, $"dotnet test passed a wrong backward\n{run}");
            string trx = Path.Combine(results, "tests.trx");
            Assert.True(File.Exists(trx), $"dotnet test wrote no {trx}: it did not get to run the tests\n{run}");
            var outcomes = XDocument.Load(trx).Descendants(Trx + "UnitTestResult")
                .ToDictionary(r => ((string)r.Attribute("testName")!).Split('.')[^1], r => r);
            Assert.Equal(["TheBackwardForgetsTheBatchSum", "TheBackwardIsRight"], outcomes.Keys.Order(StringComparer.Ordinal));
            Assert.True((string?)outcomes["TheBackwardIsRight"].Attribute("outcome") == "Passed", $"the right backward failed\n{run}");
            var failed = outcomes["TheBackwardForgetsTheBatchSum"];
            Assert.True((string?)failed.Attribute("outcome") == "Failed", $"the wrong backward did not fail\n{run}");

            // The failure as the user sees it, on dotnet test's console and in the results file: the report, the bias named.
            string message = (string?)failed.Descendants(Trx + "Message").SingleOrDefault() ?? "";
            foreach (var (where, text) in new[] { ("the results file", message), ("the console", run.Stdout) })
            {
                Assert.True(text.Contains("SigmoidTorch.Checking.GradientMismatchException", StringComparison.Ordinal), $"{where} does not name the exception\n{text}");
                Assert.True(Regex.IsMatch(text, @"gradient check of .*: FAIL \(1 of 2 tensors\)"), $"{where} does not show the report's verdict\n{text}");
                Assert.True(Regex.IsMatch(text, @"(?m)^\s*linear\.weight\s+PASS\b"), $"{where} does not pass the weight\n{text}");
                Assert.True(Regex.IsMatch(text, @"(?m)^\s*linear\.bias\s+FAIL\b"), $"{where} does not fail the bias\n{text}");
                Assert.True(Regex.IsMatch(text, @"linear\.bias\[\d+\]: manual -?\d\S*, autograd -?\d\S*, finite difference -?\d\S*"), $"{where} does not show the bias's worst element\n{text}");
            }
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The package holds the library and its docs, depends on the core of the same version, and has a README with the
    /// same test project and tests as docs/check-your-backprop.md.
    /// </summary>
    private static void CheckPackageContents(string nupkg, string projectFile, string tests)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        Assert.NotNull(zip.GetEntry("lib/net10.0/SigmoidTorch.Checking.dll"));
        Assert.NotNull(zip.GetEntry("lib/net10.0/SigmoidTorch.Checking.xml"));
        string readme = PackageEntry(zip, "README.md");
        Assert.Equal(projectFile, CodeBlockAfter(readme, "<!-- consumer: test project -->"));
        Assert.Equal(tests, CodeBlockAfter(readme, "<!-- consumer: tests -->"));
        string nuspec = PackageEntry(zip, "SigmoidTorch.Checking.nuspec");
        Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec, StringComparison.Ordinal);
        Assert.Matches("<dependency id=\"SigmoidTorch\" version=\"0.1.0\"", nuspec);
    }
}

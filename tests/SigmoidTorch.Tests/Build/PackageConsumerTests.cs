using System.IO.Compression;
using System.Text.RegularExpressions;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;
using static SigmoidTorch.Tests.Build.Consumer;

namespace SigmoidTorch.Tests.Build;

/// <summary>
/// The library as a user gets it: packed, then referenced by a fresh console project and by a .NET 10 file-based
/// program, outside this repository (so none of its build files apply), restored offline: the package from a folder
/// feed, TorchSharp and libtorch from the NuGet cache the solution restored (a fallback folder, read in place). Both
/// run docs/library.md's program, which must print what that page shows; the package's build targets must have made the
/// native library loadable on this system (Debian 12) and left the NuGet cache alone.
/// </summary>
public class PackageConsumerTests
{
    // About 30 s (four C# compilations, 1.5 GB of libtorch copied): `--filter Category!=Slow` leaves it out while iterating.
    [Fact]
    [Trait("Category", "Slow")]
    public void APackedLibraryWorksInAFreshProjectAndInAFileBasedProgram()
    {
        string repo = SourceTree.RequireRepository("it packs the library and builds projects against it");
        string page = File.ReadAllText(Path.Combine(repo, "docs", "library.md"));
        string program = CodeBlockAfter(page, "<!-- consumer: program -->");
        string header = CodeBlockAfter(page, "<!-- consumer: file-based header -->");
        var documented = GradientLines(CodeBlockAfter(page, "<!-- consumer: output -->"));

        var temp = Directory.CreateTempSubdirectory("sigmoidtorch-consumer-");
        try
        {
            string feed = Path.Combine(temp.FullName, "feed");
            var environment = SdkEnvironment(Path.Combine(temp.FullName, "packages"), Path.Combine(temp.FullName, "xdg"));

            // The library this test run built, packed as a user packs it: the core, and the runtime the program loads libtorch with.
            string nupkg = Pack(repo, environment, "SigmoidTorch", feed);
            Pack(repo, environment, "SigmoidTorch.Runtime", feed);
            CheckPackageContents(nupkg, repo, program, header);

            WriteNuGetConfig(temp.FullName, feed);

            // A fresh console project: no RuntimeIdentifier, so libtorch lands under runtimes/<rid>/native/.
            string project = Directory.CreateDirectory(Path.Combine(temp.FullName, "grad")).FullName;
            File.WriteAllText(Path.Combine(project, "grad.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="SigmoidTorch" Version="0.1.0" />
                    <PackageReference Include="SigmoidTorch.Runtime" Version="0.1.0" />
                    <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(project, "Program.cs"), program);
            var build = Sdk(project, environment, "build", "-c", "Release");
            string output = Path.Combine(project, "bin", "Release", "net10.0");
            string library = Path.Combine(output, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
            if (OperatingSystem.IsLinux()) CheckFixed(library, build);
            var projectRun = ExampleProcess.RunDotnet([Path.Combine(output, "grad.dll")], project, environment);
            Assert.True(projectRun.ExitCode == 0, $"the consumer project failed\n{projectRun}");
            CheckGradients(projectRun.Stdout, documented);
            CheckGradientsEverywhere(output, project, environment, documented);

            // The same program as a file-based program, with docs/library.md's #: lines.
            string script = Path.Combine(temp.FullName, "grad.cs");
            File.WriteAllText(script, header + program);
            var scriptRun = Sdk(temp.FullName, environment, "run", script, "--artifacts-path", Path.Combine(temp.FullName, "script-artifacts"));
            Assert.Equal(projectRun.Stdout, scriptRun.Stdout);

            if (OperatingSystem.IsLinux()) CheckUnfixedLibraryIsExplained(library, output, project, environment);
            CheckCacheUntouched();
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The package holds the library, its docs, the build targets and their task as in this repository, and a README
    /// with the same program and file-based lines as docs/library.md.
    /// </summary>
    private static void CheckPackageContents(string nupkg, string repo, string program, string header)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        Assert.NotNull(zip.GetEntry("lib/net10.0/SigmoidTorch.dll"));
        Assert.NotNull(zip.GetEntry("lib/net10.0/SigmoidTorch.xml"));
        Assert.Equal(File.ReadAllText(Path.Combine(repo, "build", "NativeLoadFix.targets")), PackageEntry(zip, "buildTransitive/SigmoidTorch.targets"));
        Assert.Equal(File.ReadAllText(Path.Combine(repo, "build", "GlibcxxVersionFix.cs")), PackageEntry(zip, "buildTransitive/GlibcxxVersionFix.cs"));
        string packageReadme = PackageEntry(zip, "README.md");
        Assert.Equal(program, CodeBlockAfter(packageReadme, "<!-- consumer: program -->"));
        Assert.Equal(header, CodeBlockAfter(packageReadme, "<!-- consumer: file-based header -->"));
        Assert.DoesNotMatch(@"!\[[^\]]*\]\((?!https://)", packageReadme);   // nuget.org shows no relative image
        string nuspec = PackageEntry(zip, "SigmoidTorch.nuspec");
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
        Assert.Matches("<repository type=\"git\"[^>]* commit=\"[0-9a-f]{40}\"", nuspec);
    }

    /// <summary>On a system whose libstdc++ lacks GLIBCXX_3.4.32 the build said so and weakened that need; elsewhere it left the library alone.</summary>
    private static void CheckFixed(string library, ProcessResult build)
    {
        string libstdcxx = ElfVersionNeeds.FindSystemLibStdCxx() ?? throw new InvalidOperationException("no system libstdc++.so.6");
        bool old = !ElfVersionNeeds.Defines(libstdcxx, "GLIBCXX_3.4.32");
        var marker = ElfVersionNeeds.Read(File.ReadAllBytes(library)).Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal(old, marker.IsWeak);
        Assert.Equal(old, build.Stdout.Contains("marked that unused need weak in bin/Release/net10.0/runtimes/linux-x64/native/libLibTorchSharp.so", StringComparison.Ordinal));
    }

    /// <summary>
    /// The library as shipped (as a copy built elsewhere would have it) fails with one line saying what is wrong and
    /// what to do, and nothing of TorchSharp's on stdout; where libstdc++ is new enough, it simply loads.
    /// </summary>
    private static void CheckUnfixedLibraryIsExplained(string library, string output, string project, IReadOnlyDictionary<string, string?> environment)
    {
        string shipped = Path.Combine(RestoredPackages(), "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        File.Delete(library);
        File.Copy(shipped, library);
        var run = ExampleProcess.RunDotnet([Path.Combine(output, "grad.dll")], project, environment);
        string libstdcxx = ElfVersionNeeds.FindSystemLibStdCxx()!;
        if (ElfVersionNeeds.Defines(libstdcxx, "GLIBCXX_3.4.32"))
        {
            Assert.True(run.ExitCode == 0, $"the library as shipped should load where libstdc++ has GLIBCXX_3.4.32\n{run}");
            return;
        }
        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
        string first = run.StderrLines[0];
        Assert.StartsWith("Unhandled exception. SigmoidTorch.Devices.TorchLoadException: libtorch could not be loaded: ", first, StringComparison.Ordinal);
        Assert.Contains($"lacks GLIBCXX_3.4.32, which {library} asks for", first, StringComparison.Ordinal);
        Assert.Contains("build or publish it again on this machine", first, StringComparison.Ordinal);
        Assert.DoesNotContain("TorchBackend", first, StringComparison.Ordinal);
    }

    private static void CheckCacheUntouched()
    {
        if (!OperatingSystem.IsLinux()) return;
        string cached = Path.Combine(RestoredPackages(), "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.All(ElfVersionNeeds.Read(File.ReadAllBytes(cached)), n => Assert.False(n.IsWeak, $"{n.Version} is weak in the NuGet cache: a build wrote through a hard link"));
    }

    /// <summary>
    /// Each line "name sum S   manual - autograd: D", for the four parameters in state_dict order, exactly as docs/library.md
    /// shows it: the sums to 9 decimals (7 significant digits, stable across CPUs) and D the word "rounding" wherever
    /// manual and autograd differ by rounding only (whose digits vary by CPU, 2.7e-20 on one and 4.3e-19 on another).
    /// </summary>
    private static void CheckGradients(string stdout, IReadOnlyList<string> documented)
    {
        var printed = GradientLines(stdout);
        Assert.Equal(["hidden.weight", "hidden.bias", "output.weight", "output.bias"], printed.Select(p => p.Split(' ')[0]));
        Assert.Equal(documented, printed);
    }

    /// <summary>
    /// The program prints the same lines where float64's last digits come out otherwise: on libtorch's generic kernels
    /// instead of this CPU's vectorised ones (<c>ATEN_CPU_CAPABILITY=default</c>), and with one and with two intra-op
    /// threads (it sets none itself, so libtorch takes <c>OMP_NUM_THREADS</c>, else one per core). CI's second runs of
    /// the digit tests do not repeat this slow test, so it runs the program under those settings itself.
    /// </summary>
    private static void CheckGradientsEverywhere(string output, string project, IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string> documented)
    {
        foreach (var (name, value) in new[] { ("ATEN_CPU_CAPABILITY", "default"), ("OMP_NUM_THREADS", "1"), ("OMP_NUM_THREADS", "2") })
        {
            var changed = new Dictionary<string, string?>(environment) { [name] = value };
            var run = ExampleProcess.RunDotnet([Path.Combine(output, "grad.dll")], project, changed);
            Assert.True(run.ExitCode == 0, $"the consumer project failed with {name}={value}\n{run}");
            Assert.True(documented.SequenceEqual(GradientLines(run.Stdout)), $"with {name}={value} the consumer project prints\n{run.Stdout}\nnot what docs/library.md shows:\n{string.Join('\n', documented)}");
        }
    }

    private static List<string> GradientLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var line in lines)
            Assert.True(Regex.IsMatch(line, @"^\S+\s+sum\s+-?\d+\.\d{9}   manual - autograd: (rounding|\d\.\de[+-]\d\d)$"), $"not a gradient line: '{line}' in\n{text}");
        return lines;
    }
}

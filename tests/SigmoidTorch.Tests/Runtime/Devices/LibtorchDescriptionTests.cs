using SigmoidTorch.Devices;
using Xunit;

namespace SigmoidTorch.Tests.Runtime.Devices;

/// <summary>Which libtorch a process runs on: its version from the files beside it, and the note when it is not 2.10.</summary>
public sealed class LibtorchDescriptionTests : IDisposable
{
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("sigmoidtorch-version-");

    public void Dispose() => temp.Delete(recursive: true);

    [Theory]
    [InlineData("2.10.0+cu128", "2.10")]
    [InlineData("2.10.0.0", "2.10")]
    [InlineData("2.11", "2.11")]
    [InlineData(" 12.3.4", "12.3")]
    [InlineData("nightly", "nightly")]
    public void MajorMinorIsTheFirstTwoNumbers(string version, string expected) => Assert.Equal(expected, LibtorchDescription.MajorMinor(version));

    [Fact]
    public void PyTorchsVersionPyGivesTheVersion()
    {
        string lib = temp.CreateSubdirectory("torch").CreateSubdirectory("lib").FullName;
        File.WriteAllText(Path.Combine(lib, "..", "version.py"), "from typing import Optional\n\n__all__ = ['__version__']\n__version__ = '2.11.0+cu130'\ncuda: Optional[str] = '13.0'\n");
        Assert.Equal("2.11.0+cu130", InstalledLibtorch.ReadVersion(lib));
    }

    [Fact]
    public void LibTorchsBuildVersionGivesTheVersion()
    {
        string lib = temp.CreateSubdirectory("libtorch").CreateSubdirectory("lib").FullName;
        File.WriteAllText(Path.Combine(lib, "..", "build-version"), "2.10.0+cu128\n");
        Assert.Equal("2.10.0+cu128", InstalledLibtorch.ReadVersion(lib));
    }

    [Fact]
    public void ANuGetPackagesNuspecGivesTheVersion()
    {
        var package = temp.CreateSubdirectory("libtorch-cpu-linux-x64").CreateSubdirectory("2.10.0");
        string native = package.CreateSubdirectory("runtimes").CreateSubdirectory("linux-x64").CreateSubdirectory("native").FullName;
        File.WriteAllText(Path.Combine(package.FullName, "libtorch-cpu-linux-x64.nuspec"), "<package><metadata><id>libtorch-cpu-linux-x64</id><version>2.10.0</version></metadata></package>");
        Assert.Equal("2.10.0", InstalledLibtorch.ReadVersion(native));
    }

    [Fact]
    public void AFolderWithNoVersionFileHasNoVersion() => Assert.Null(InstalledLibtorch.ReadVersion(temp.CreateSubdirectory("lib").FullName));

    [Fact]
    public void OnlyAnInstalledLibtorchOfAnotherOrUnknownVersionGetsANote()
    {
        LibtorchDescription Of(string? version, LibtorchSource source) => new("/opt/torch/lib/libtorch_cpu.so", version, source, true, "2.10", []);
        Assert.Null(Of("2.10.0+cu128", LibtorchSource.EnvironmentVariable).Note);
        Assert.Null(Of(null, LibtorchSource.BuiltIn).Note);                         // a package pins its own
        Assert.Equal("libtorch 2.11.0+cu130 (python3's torch) is not version 2.10, which TorchSharp's native library was built for: it loaded, but check that this pair "
                     + "computes the right gradients with `GradCheck --device cuda` (or --device cpu)", Of("2.11.0+cu130", LibtorchSource.Python).Note);
        Assert.StartsWith("the version of the libtorch at /opt/torch/lib (SIGMOIDTORCH_LIBTORCH) is unknown", Of(null, LibtorchSource.EnvironmentVariable).Note, StringComparison.Ordinal);
    }

    /// <summary>This test process runs on exactly one copy of libtorch's CPU library, the one its description names.</summary>
    [Fact]
    public void ThisProcessMapsOneCopyOfLibtorch()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the process's mapped files are read from Linux's /proc");
        var libtorch = TorchRuntime.Libtorch;
        var copy = Assert.Single(libtorch.LoadedCopies);
        Assert.Equal(copy, libtorch.Path);
        Assert.Equal(copy, Assert.Single(LoadedLibraries.Named("libtorch_cpu.so")));
        Assert.Equal(TorchRuntime.Installed is null ? LibtorchSource.BuiltIn : TorchRuntime.Installed.Source, libtorch.Source);
    }
}

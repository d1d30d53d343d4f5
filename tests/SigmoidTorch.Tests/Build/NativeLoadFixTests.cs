using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Build;

/// <summary>
/// The Debian 12 fix of build/NativeLoadFix.targets: the libLibTorchSharp.so that this test run loads has its
/// GLIBCXX_3.4.32 need marked weak exactly when the system's libstdc++ lacks that version, and is left as shipped
/// otherwise; the copy in the NuGet cache is never touched.
/// </summary>
public class NativeLoadFixTests
{
    private static string OutputLibrary => Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");

    [Fact]
    public void TheLoadedLibraryNeedsNoVersionTheSystemLacks()
    {
        if (!OperatingSystem.IsLinux()) return;   // the fix is Linux-only; elsewhere there is nothing to check
        Assert.True(File.Exists(OutputLibrary), $"{OutputLibrary} is missing: the build lays libtorch out flat beside the tests");
        string? libstdcxx = ElfVersionNeeds.FindSystemLibStdCxx();
        Assert.NotNull(libstdcxx);
        var needs = ElfVersionNeeds.Read(File.ReadAllBytes(OutputLibrary)).Where(n => n.File.StartsWith("libstdc++", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(needs);
        foreach (var need in needs)
        {
            bool systemHasIt = ElfVersionNeeds.Defines(libstdcxx!, need.Version);
            Assert.True(systemHasIt || need.IsWeak, $"{need.Version} is a hard need of {OutputLibrary} but {libstdcxx} lacks it: the loader would refuse the library");
            if (!ElfVersionNeeds.MarkerOnlyVersions.Contains(need.Version))
                Assert.False(need.IsWeak, $"{need.Version} was weakened, but only marker-only versions may be");
        }
        var marker = needs.Single(n => n.Version == "GLIBCXX_3.4.32");
        // Built here, the fix is a no-op where libstdc++ is new enough. A bundle was built on another machine (where it
        // may have been needed): there, only the check above applies, that the loader accepts the library.
        if (!SourceTree.IsBundle)
            Assert.Equal(!ElfVersionNeeds.Defines(libstdcxx!, "GLIBCXX_3.4.32"), marker.IsWeak);
    }

    [Fact]
    public void TheNuGetCacheCopyIsUntouched()
    {
        if (!OperatingSystem.IsLinux()) return;
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string cached = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(cached)) return;   // restored from elsewhere: nothing to compare
        Assert.All(ElfVersionNeeds.Read(File.ReadAllBytes(cached)), n => Assert.False(n.IsWeak, $"{n.Version} is weak in the NuGet cache: the fix wrote through a hard link"));
    }

    [Fact]
    public void WeakeningChangesOnlyTheFlagsOfTheNamedNeeds()
    {
        var original = File.ReadAllBytes(OutputLibrary);
        var copy = (byte[])original.Clone();
        // Start from a state where every need is hard, then weaken one.
        foreach (var need in ElfVersionNeeds.Read(copy))
            BitConverter.GetBytes((ushort)(need.Flags & ~ElfVersionNeeds.VerFlagWeak)).CopyTo(copy, need.FlagsOffset);
        var hard = (byte[])copy.Clone();
        var changed = ElfVersionNeeds.Weaken(copy, new[] { "GLIBCXX_3.4.32" });
        Assert.Equal(new[] { "GLIBCXX_3.4.32" }, changed);
        var differences = Enumerable.Range(0, copy.Length).Where(i => copy[i] != hard[i]).ToList();
        var flagsOffset = ElfVersionNeeds.Read(copy).Single(n => n.Version == "GLIBCXX_3.4.32").FlagsOffset;
        Assert.Equal(new[] { (int)flagsOffset }, differences);
        Assert.Empty(ElfVersionNeeds.Weaken(copy, new[] { "GLIBCXX_3.4.32" }));   // idempotent
    }
}

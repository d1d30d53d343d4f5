using Xunit;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// Where the files the tests read come from: the repository (the folder above the test's output that holds
/// SigmoidTorch.sln), or, where the suite runs from build/bundle.sh's bundle, the bundle's folder (bundle.json beside
/// the README and docs/ it carries). A bundle has no sources and no .NET SDK: tests that need them are skipped there,
/// saying so.
/// </summary>
internal static class SourceTree
{
    private static readonly Lazy<(string Root, bool IsBundle)> Found = new(Find);

    /// <summary>The repository's root, or the bundle's folder.</summary>
    public static string Root => Found.Value.Root;

    /// <summary>True when the suite runs from a bundle (build/bundle.sh): self-contained, built on another machine, no sources, no SDK.</summary>
    public static bool IsBundle => Found.Value.IsBundle;

    /// <summary>The repository's root; skips the calling test in a bundle, which has neither the sources nor the SDK that <paramref name="why"/> needs.</summary>
    public static string RequireRepository(string why)
    {
        Assert.SkipWhen(IsBundle, $"runs from a bundle (build/bundle.sh), which has no sources and no .NET SDK: {why}");
        return Root;
    }

    private static (string, bool) Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SigmoidTorch.sln"))) return (dir.FullName, false);
            if (File.Exists(Path.Combine(dir.FullName, "bundle.json")) && File.Exists(Path.Combine(dir.FullName, "README.md"))) return (dir.FullName, true);
        }
        throw new DirectoryNotFoundException($"no SigmoidTorch.sln (a repository) or bundle.json (a bundle) above {AppContext.BaseDirectory}");
    }
}

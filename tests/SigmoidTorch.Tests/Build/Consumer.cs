using System.IO.Compression;
using System.Reflection;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Build;

/// <summary>
/// What the tests that use the library as a user gets it share: packing this run's build into a folder feed, a
/// nuget.config that restores offline from that feed and the NuGet cache the solution restored, a user's shell to run
/// the SDK in, and the code blocks of a docs page that such a user copies.
/// </summary>
internal static class Consumer
{
    /// <summary>The most seconds one SDK command (a restore and build, or a test run) may take.</summary>
    public const int SdkTimeoutSeconds = 300;

    /// <summary>Packs src/<paramref name="package"/> as this test run built it into <paramref name="feed"/>, with its symbol package; returns the .nupkg's path.</summary>
    public static string Pack(string repo, IReadOnlyDictionary<string, string?> environment, string package, string feed)
    {
        var pack = Sdk(repo, environment, "pack", Path.Combine(repo, "src", package), "-c", Configuration(), "--no-build", "-o", feed);
        string packed = Path.Combine(feed, $"{package}.0.1.0.nupkg");
        Assert.True(File.Exists(packed), $"no {packed}\n{pack}");
        Assert.True(File.Exists(Path.ChangeExtension(packed, ".snupkg")), $"no symbol package beside {packed}");
        return packed;
    }

    /// <summary>
    /// A nuget.config in <paramref name="folder"/> (above the consumer projects): packages from <paramref name="feed"/>
    /// only, everything else from the restored NuGet cache, read in place.
    /// </summary>
    public static void WriteNuGetConfig(string folder, string feed) =>
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /><add key="feed" value="{feed}" /></packageSources>
              <fallbackPackageFolders><clear /><add key="restored" value="{RestoredPackages()}" /></fallbackPackageFolders>
            </configuration>
            """);

    /// <summary>The text of the file <paramref name="name"/> in a package.</summary>
    public static string PackageEntry(ZipArchive package, string name)
    {
        var entry = package.GetEntry(name) ?? throw new InvalidDataException($"the package has no {name}: it has {string.Join(", ", package.Entries.Select(e => e.FullName))}");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    /// <summary>The text of the first fenced code block after <paramref name="marker"/>, its last line included.</summary>
    public static string CodeBlockAfter(string markdown, string marker)
    {
        int at = markdown.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{marker}' is missing");
        int open = markdown.IndexOf("```", at, StringComparison.Ordinal);
        int start = markdown.IndexOf('\n', open) + 1;
        int end = markdown.IndexOf("\n```", start - 1, StringComparison.Ordinal);
        return markdown[start..(end + 1)];
    }

    /// <summary>Runs an SDK command; it must succeed.</summary>
    public static ProcessResult Sdk(string directory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var result = ExampleProcess.RunDotnet(arguments, directory, environment, SdkTimeoutSeconds);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed in {directory}\n{result}");
        return result;
    }

    /// <summary>
    /// A user's shell, not this test host's: no MSBuild variables from `dotnet test`, a NuGet packages folder of its own
    /// (so the SigmoidTorch 0.1.0 packed now is the one extracted), no build servers left behind, and the file-based
    /// program's cache under the test's folder.
    /// </summary>
    public static Dictionary<string, string?> SdkEnvironment(string packages, string dataHome)
    {
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(name => name, _ => (string?)null);
        environment["NUGET_PACKAGES"] = packages;
        environment["XDG_DATA_HOME"] = dataHome;
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["UseSharedCompilation"] = "false";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        return environment;
    }

    /// <summary>The NuGet packages folder the solution restored into (TorchSharp, libtorch).</summary>
    public static string RestoredPackages()
    {
        string folder = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        Assert.True(Directory.Exists(Path.Combine(folder, "torchsharp-cpu", "0.107.0")), $"TorchSharp-cpu 0.107.0 is not in {folder}: restore the solution first");
        return folder;
    }

    private static string Configuration() =>
        typeof(Consumer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
}

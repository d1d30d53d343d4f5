using System.Runtime.InteropServices;
using System.Text.Json;
using SigmoidTorch.Devices;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Runtime.Devices;

/// <summary>
/// The installed-libtorch route, as a user takes it: a program without libtorch of its own, run in a fresh process with
/// SIGMOIDTORCH_LIBTORCH naming a libtorch elsewhere, runs on that copy and on no other (its own report, from
/// /proc/self/maps, lists every libtorch file it mapped). Here the libtorch is a copy of the CPU libtorch this build
/// carries, laid out as a LibTorch download (lib/ and build-version), outside the build output; where the suite runs
/// from a bundle (no libtorch of its own), it is the libtorch the suite itself runs on.
/// </summary>
public sealed class InstalledLibtorchTests : IDisposable
{
    private static readonly string[] LibtorchFiles = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("sigmoidtorch-installed-");

    public void Dispose() => temp.Delete(recursive: true);

    [Fact]
    public void AProgramWithoutItsOwnLibtorchRunsOnTheNamedOneAndNoOther()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the process's mapped files are read from Linux's /proc");
        var (program, libtorch) = ProgramAndLibtorch();
        var result = Run(program, libtorch, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var config = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("config");
        var described = config.GetProperty("libtorch");
        libtorch = RealPath(libtorch);   // the kernel names mapped files by their real path
        Assert.Equal(Path.Combine(libtorch, "libtorch_cpu.so"), described.GetProperty("path").GetString());
        Assert.Equal(InstalledLibtorch.EnvironmentVariable, described.GetProperty("source").GetString());
        var mapped = described.GetProperty("mapped").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Single(mapped, f => Path.GetFileName(f) == "libtorch_cpu.so");
        Assert.All(mapped, f => Assert.True(Path.GetDirectoryName(f) == libtorch, $"the program mapped {f}, which is not in {libtorch}; it mapped: {string.Join(", ", mapped)}"));
        Assert.Contains(mapped, f => Path.GetFileName(f) == "libc10.so");
        Assert.True(JsonDocument.Parse(result.Stdout).RootElement.GetProperty("pass").GetBoolean(), result.ToString());
    }

    [Fact]
    public void TheVersionComesFromBesideTheLibtorchAndAnotherOneIsNamedInOneLine()
    {
        Assert.SkipWhen(SourceTree.IsBundle || TorchRuntime.BuiltInCopy() is null, "needs this build's own libtorch to copy");
        var (program, libtorch) = ProgramAndLibtorch();

        var same = Run(program, libtorch, "--verbose");
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Contains($"GradCheck: libtorch 2.10.0+cpu ({InstalledLibtorch.EnvironmentVariable}, CPU only): {libtorch}/libtorch_cpu.so", same.StderrLines);
        Assert.DoesNotContain("note:", same.Stderr, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(Path.GetDirectoryName(libtorch)!, "build-version"), "2.11.0+cpu\n");
        var other = Run(program, libtorch);
        Assert.True(other.ExitCode == 0, other.ToString());
        var note = Assert.Single(other.Stderr.Split('\n'), l => l.Contains("note:", StringComparison.Ordinal));
        Assert.Contains("libtorch 2.11.0+cpu (SIGMOIDTORCH_LIBTORCH) is not version 2.10", note, StringComparison.Ordinal);
        Assert.Contains("GradCheck --device cuda", note, StringComparison.Ordinal);
    }

    [Fact]
    public void ACpuOnlyLibtorchAskedForCudaIsOneLineAndExit1()
    {
        Assert.SkipWhen(SourceTree.IsBundle || TorchRuntime.BuiltInCopy() is null, "needs this build's own (CPU) libtorch to copy");
        var (program, libtorch) = ProgramAndLibtorch();
        var result = Run(program, libtorch, "--device", "cuda");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.Equal($"GradCheck: error: device 'cuda' is not usable: the libtorch at {libtorch} (SIGMOIDTORCH_LIBTORCH) is CPU-only (it has no libtorch_cuda.so): "
                     + "name a CUDA build of libtorch (PyTorch's torch/lib from a CUDA wheel, or LibTorch for CUDA), or use --device cpu", line);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void AFolderThatIsNotALibtorchIsOneLineAndExit1()
    {
        var (program, _) = ProgramAndLibtorch(withLibtorch: false);
        string empty = temp.CreateSubdirectory("empty").FullName;
        var result = Run(program, empty);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"GradCheck: error: SIGMOIDTORCH_LIBTORCH={empty} is not a libtorch: it holds no libtorch_cpu.so; name the folder that does "
                     + "(a LibTorch download's lib/, or PyTorch's torch/lib)", Assert.Single(result.StderrLines));

        var missing = Run(program, Path.Combine(empty, "nothing"));
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith($"GradCheck: error: SIGMOIDTORCH_LIBTORCH={empty}/nothing: there is no such folder", Assert.Single(missing.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void AProgramWithItsOwnLibtorchRefusesAnotherInOneLine()
    {
        Assert.SkipWhen(SourceTree.IsBundle || TorchRuntime.BuiltInCopy() is null, "needs a build that carries its own libtorch");
        var (_, libtorch) = ProgramAndLibtorch();
        var result = ExampleProcess.Run("GradCheck", [], temp.FullName, new Dictionary<string, string> { [InstalledLibtorch.EnvironmentVariable] = libtorch });
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"GradCheck: error: SIGMOIDTORCH_LIBTORCH={libtorch} names an installed libtorch, but this program carries its own ({AppContext.BaseDirectory}", line, StringComparison.Ordinal);
        Assert.Contains("one process cannot load two", line, StringComparison.Ordinal);
    }

    /// <summary>
    /// A program built without libtorch (no backend package, as -p:TorchBackend=installed builds it) on a machine with
    /// no installed libtorch either: the line says that, not what failed while TorchSharp looked for one (on Debian 12,
    /// with a libtorch in the NuGet cache, that was a GLIBCXX message and the advice to rebuild). The NuGet cache is
    /// an empty folder here, as on a machine that never built a TorchSharp project.
    /// </summary>
    [Fact]
    public void NoLibtorchAnywhereIsSaidSoInOneLine()
    {
        Assert.SkipWhen(SourceTree.IsBundle || TorchRuntime.BuiltInCopy() is null, "needs this build's files to make a program without libtorch from");
        Assert.SkipWhen(InstalledLibtorch.PythonTorchLib() is not null, "python3 here has a torch package: there is an installed libtorch");
        var (program, _) = ProgramAndLibtorch(withLibtorch: false);
        string deps = Path.ChangeExtension(program, ".deps.json");
        File.WriteAllText(deps, WithoutLibtorchPackages(File.ReadAllText(deps)));
        var r = ExampleProcess.RunDotnet([program, "--batch", "2"], Path.GetDirectoryName(program)!, new Dictionary<string, string?>
        {
            [InstalledLibtorch.EnvironmentVariable] = null,
            ["SIGMOIDTORCH_DEVICE"] = null,
            ["NUGET_PACKAGES"] = temp.CreateSubdirectory("empty-nuget-cache").FullName,
        });
        Assert.True(r.ExitCode == 1, r.ToString());
        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith("GradCheck: error: libtorch could not be loaded: this program carries no libtorch (it was built without a backend package, "
                          + $"as -p:TorchBackend=installed builds it) and no installed libtorch was found ({InstalledLibtorch.EnvironmentVariable} is not set", line, StringComparison.Ordinal);
        Assert.DoesNotContain("GLIBCXX", line, StringComparison.Ordinal);
    }

    // A .deps.json without the libtorch packages, as a build with -p:TorchBackend=installed writes it.
    private static string WithoutLibtorchPackages(string deps)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(deps)!.AsObject();
        var packages = new[] { root["libraries"]!.AsObject() }.Concat(root["targets"]!.AsObject().Select(t => t.Value!.AsObject()));
        foreach (var table in packages)
            foreach (string name in table.Select(p => p.Key).Where(k => k.StartsWith("libtorch-", StringComparison.OrdinalIgnoreCase)).ToList())
                table.Remove(name);
        return root.ToJsonString();
    }

    private static ProcessResult Run(string program, string libtorch, params string[] args)
    {
        var environment = new Dictionary<string, string> { [InstalledLibtorch.EnvironmentVariable] = libtorch };
        return SourceTree.IsBundle || TorchRuntime.BuiltInCopy() is null
            ? ExampleProcess.Run("GradCheck", args, Path.GetDirectoryName(program)!, environment)
            : ExampleProcess.RunDotnet([program, .. args], Path.GetDirectoryName(program)!,
                                       new Dictionary<string, string?>(environment!) { ["SIGMOIDTORCH_DEVICE"] = null });
    }

    /// <summary>
    /// GradCheck without libtorch of its own, and a libtorch folder elsewhere. In a build that carries libtorch: a copy
    /// of GradCheck's managed files and TorchSharp's native library in a folder of their own, and libtorch's files linked
    /// (or copied) from the build into lib/ of a LibTorch-like folder whose build-version says 2.10.0+cpu. In a bundle:
    /// GradCheck where it is, and the libtorch the suite runs on.
    /// </summary>
    private (string Program, string Libtorch) ProgramAndLibtorch(bool withLibtorch = true)
    {
        if (SourceTree.IsBundle || TorchRuntime.BuiltInCopy() is null)
        {
            string? installed = withLibtorch ? (TorchRuntime.Installed ?? throw new InvalidOperationException("no libtorch of its own and none installed")).Directory : null;
            return (ExampleProcess.Assembly("GradCheck"), installed ?? "");
        }
        string programDir = temp.CreateSubdirectory("program").FullName;
        string here = AppContext.BaseDirectory;
        foreach (string file in Directory.GetFiles(here, "*.dll").Append(Path.Combine(here, "GradCheck.runtimeconfig.json"))
                                    .Append(Path.Combine(here, "GradCheck.deps.json")).Append(Path.Combine(here, NativeLoadAttempt.LibraryFileName)))
            File.Copy(file, Path.Combine(programDir, Path.GetFileName(file)));
        string libtorch = temp.CreateSubdirectory("libtorch").CreateSubdirectory("lib").FullName;
        if (withLibtorch)
        {
            foreach (string file in LibtorchFiles.Select(f => Path.Combine(here, f)).Concat(Directory.GetFiles(here, "libgomp*")))
                LinkOrCopy(file, Path.Combine(libtorch, Path.GetFileName(file)));
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(libtorch)!, "build-version"), "2.10.0+cpu\n");
        }
        return (Path.Combine(programDir, "GradCheck.dll"), libtorch);
    }

    // A hard link where the file system allows one (libtorch_cpu.so is 460 MB), else a copy.
    private static void LinkOrCopy(string from, string to)
    {
        if (link(from, to) != 0) File.Copy(from, to);
    }

    private static string RealPath(string path)
    {
        IntPtr resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return path;
        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? path;
        }
        finally
        {
            free(resolved);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int link(string oldpath, string newpath);

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath(string path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);
}

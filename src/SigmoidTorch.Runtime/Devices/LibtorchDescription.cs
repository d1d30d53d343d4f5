using System.Text.RegularExpressions;

namespace SigmoidTorch.Devices;

/// <summary>The libtorch this process runs on: where it came from, which file, which version.</summary>
/// <param name="Path">Its CPU library (libtorch_cpu.so): the copy the process has mapped where the system says so (Linux), else the one expected.</param>
/// <param name="Version">Its version (from the files beside it, or the package it came in), or null when unknown.</param>
/// <param name="Source">Built in, or an installed libtorch and who named it.</param>
/// <param name="CudaBackend">Whether it has a CUDA backend (libtorch's CUDA library is loaded, or beside it).</param>
/// <param name="ExpectedVersion">The libtorch version (major.minor) TorchSharp's native library was built for.</param>
/// <param name="Mapped">Every libtorch and c10 library file the process has mapped (where the system says: Linux).</param>
public sealed record LibtorchDescription(string Path, string? Version, LibtorchSource Source, bool CudaBackend, string ExpectedVersion, IReadOnlyList<string> Mapped)
{
    /// <summary>Every copy of the CPU library the process has mapped: exactly one when all is well (empty where the system does not say).</summary>
    public IReadOnlyList<string> LoadedCopies => Mapped.Where(f => System.IO.Path.GetFileName(f) == InstalledLibtorch.CpuLibraryFileName).ToList();

    /// <summary>Where it came from, in words ("built in", "SIGMOIDTORCH_LIBTORCH", "python3's torch").</summary>
    public string Origin => InstalledLibtorch.OriginOf(Source);

    /// <summary>One line: version, origin, file.</summary>
    public string Summary => $"libtorch {Version ?? "of unknown version"} ({Origin}{(CudaBackend ? ", with CUDA" : ", CPU only")}): {Path}";

    /// <summary>
    /// One line to show when an installed libtorch is not the version TorchSharp's native library was built for (or its
    /// version is unknown), naming the check that this pair computes the right gradients; null when it is that version,
    /// and for a built-in libtorch (its package pins the version).
    /// </summary>
    public string? Note
    {
        get
        {
            if (Source == LibtorchSource.BuiltIn || (Version is not null && MajorMinor(Version) == ExpectedVersion)) return null;
            string which = Version is null
                ? $"the version of the libtorch at {System.IO.Path.GetDirectoryName(Path)} ({Origin}) is unknown (no version.py or build-version beside it), and TorchSharp's native library was built for {ExpectedVersion}"
                : $"libtorch {Version} ({Origin}) is not version {ExpectedVersion}, which TorchSharp's native library was built for";
            return $"{which}: it loaded, but check that this pair computes the right "
                 + "gradients with `GradCheck --device cuda` (or --device cpu)";
        }
    }

    /// <summary>"2.10" from "2.10.0+cu128", "2.10.0.0" or "2.10"; the text itself when it does not start with two numbers.</summary>
    public static string MajorMinor(string version) =>
        Regex.Match(version, @"^\s*(\d+)\.(\d+)") is { Success: true } m ? $"{m.Groups[1].Value}.{m.Groups[2].Value}" : version.Trim();
}

using System.Reflection;
using System.Runtime.InteropServices;
using SigmoidTorch;
using SigmoidTorch.Devices;
using static TorchSharp.torch;

/// <summary>Where and with what a benchmark ran: recorded beside its rows so that numbers from different runs can be told apart.</summary>
/// <param name="Machine">CPU model, logical cores, operating system.</param>
/// <param name="Commit">`git describe --always --dirty --tags` of the source tree when the program was built, or "unknown".</param>
/// <param name="Date">When the run started, UTC, ISO 8601.</param>
/// <param name="Versions">SigmoidTorch, TorchSharp, libtorch and .NET.</param>
internal sealed record Provenance(MachineInfo Machine, string Commit, string Date, VersionInfo Versions)
{
    /// <summary>This process's machine, build and versions, dated now.</summary>
    public static Provenance Collect() => new(
        new MachineInfo(CpuModel(), Environment.ProcessorCount, OperatingSystem()),
        Metadata(typeof(Provenance).Assembly, "GitDescribe") ?? "unknown",
        DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        new VersionInfo(
            InformationalVersion(typeof(SigmoidTorchException).Assembly),
            InformationalVersion(typeof(TorchSharp.torch).Assembly),
            TorchRuntime.Libtorch is var libtorch && libtorch.Version is { } version ? $"{version} ({libtorch.Origin})" : $"unknown ({libtorch.Origin}; TorchSharp built for {__version__})",
            RuntimeInformation.FrameworkDescription));

    /// <summary>One line for the text report.</summary>
    public override string ToString() =>
        $"machine: {Machine.Cpu}, {Machine.Cores} cores, {Machine.Os}; commit {Commit}; {Date}; SigmoidTorch {Versions.SigmoidTorch}, " +
        $"TorchSharp {Versions.TorchSharp}, libtorch {Versions.Libtorch}, {Versions.Dotnet}";

    // The "model name" line of /proc/cpuinfo (Linux), else the processor's name where Windows gives it, else "unknown".
    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                        return line[(colon + 1)..].Trim();
        }
        catch (IOException)
        {
            // unreadable: fall through
        }
        return Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? "unknown";
    }

    // .NET's description of the OS (on Linux the distribution's name), the kernel where Linux gives it, the architecture.
    private static string OperatingSystem()
    {
        string kernel = "";
        try
        {
            if (File.Exists("/proc/sys/kernel/osrelease"))
                kernel = $", kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}";
        }
        catch (IOException)
        {
            // unreadable: leave it out
        }
        return $"{RuntimeInformation.OSDescription}{kernel}, {RuntimeInformation.OSArchitecture}";
    }

    private static string InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "unknown";

    private static string? Metadata(Assembly assembly, string key) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value is { Length: > 0 } value ? value : null;
}

/// <summary>The machine a benchmark ran on.</summary>
/// <param name="Cpu">CPU model.</param>
/// <param name="Cores">Logical cores .NET sees.</param>
/// <param name="Os">Operating system, kernel and architecture.</param>
internal sealed record MachineInfo(string Cpu, int Cores, string Os);

/// <summary>The versions a benchmark ran with.</summary>
/// <param name="SigmoidTorch">SigmoidTorch's informational version (with the commit it was built from).</param>
/// <param name="TorchSharp">TorchSharp's informational version.</param>
/// <param name="Libtorch">The version of the libtorch the run loaded, and where it came from (built in, or installed).</param>
/// <param name="Dotnet">The .NET runtime.</param>
internal sealed record VersionInfo(string SigmoidTorch, string TorchSharp, string Libtorch, string Dotnet);

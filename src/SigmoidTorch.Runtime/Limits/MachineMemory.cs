using System.Diagnostics;
using System.Globalization;

namespace SigmoidTorch.Limits;

/// <summary>
/// How much memory this process can still take: the least of the system's available memory (/proc/meminfo
/// MemAvailable), the room left under its control group's limit (cgroup v1 or v2), and .NET's own view of the memory
/// it may use (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>, which honours GCHeapHardLimit) less what the
/// process already holds.
/// </summary>
public static class MachineMemory
{
    /// <summary>Bytes this process can still allocate, by the least of the measures above that this system offers.</summary>
    public static long AvailableBytes()
    {
        long held;
        using (var self = Process.GetCurrentProcess()) held = self.WorkingSet64;
        long best = Math.Max(0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - held);
        if (!OperatingSystem.IsLinux()) return best;
        if (MemInfoAvailable() is { } available) best = Math.Min(best, available);
        if (CgroupRoom() is { } room) best = Math.Min(best, room);
        return best;
    }

    /// <summary><paramref name="bytes"/> in words: "512 MiB", "21.3 GiB".</summary>
    public static string Describe(double bytes) => bytes switch
    {
        >= 1L << 40 => $"{bytes / (1L << 40):F1} TiB",
        >= 1L << 30 => $"{bytes / (1L << 30):F1} GiB",
        _ => $"{Math.Ceiling(bytes / (1L << 20)):F0} MiB",
    };

    private static long? MemInfoAvailable()
    {
        foreach (string line in ReadLines("/proc/meminfo"))
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)
                && long.TryParse(line["MemAvailable:".Length..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kib))
                return kib * 1024;
        return null;
    }

    // The room under the tightest memory limit of this process's control group and the groups above it.
    private static long? CgroupRoom()
    {
        long? room = null;
        foreach (string line in ReadLines("/proc/self/cgroup"))
        {
            string[] parts = line.Split(':', 3);
            if (parts.Length != 3) continue;
            bool v2 = parts[0] == "0" && parts[1].Length == 0;
            bool v1 = parts[1].Split(',').Contains("memory");
            if (!v1 && !v2) continue;
            foreach (string root in v2 ? new[] { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" } : new[] { "/sys/fs/cgroup/memory" })
                for (string? group = parts[2]; group is not null; group = group == "/" ? null : Path.GetDirectoryName(group) ?? "/")
                {
                    string dir = root + (group == "/" ? "" : group);
                    long? limit = Number(Path.Combine(dir, v2 ? "memory.max" : "memory.limit_in_bytes"));
                    long? used = Number(Path.Combine(dir, v2 ? "memory.current" : "memory.usage_in_bytes"));
                    if (limit is { } l && l < (1L << 60) && used is { } u)
                        room = Math.Min(room ?? long.MaxValue, Math.Max(0, l - u));
                }
        }
        return room;
    }

    private static long? Number(string file) =>
        ReadLines(file).FirstOrDefault() is { } text && long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : null;

    private static string[] ReadLines(string file)
    {
        try
        {
            return File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }
}

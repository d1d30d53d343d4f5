// Compiled twice: by MSBuild as the inline task of NativeLoadFix.targets (in this repository's build, and in every
// project that references the SigmoidTorch package, which ships both files under buildTransitive/), and by the
// test project (with ELF_TOOLS_ONLY defined) so the tests can check what the build did.
#pragma warning disable CA1050 // MSBuild inline tasks are looked up by their plain class name.
#pragma warning disable IDE0005 // The inline-task compiler has no implicit usings.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

/// <summary>
/// Reads and edits the version needs (the <c>.gnu.version_r</c> section) of a 64-bit little-endian ELF file.
/// A version need that is marked weak (VER_FLG_WEAK) no longer stops the dynamic loader when the
/// library that should provide it is older.
/// </summary>
public static class ElfVersionNeeds
{
    /// <summary>The flag the loader reads as "a missing version is only a warning".</summary>
    public const ushort VerFlagWeak = 0x2;

    /// <summary>Version nodes that libLibTorchSharp.so names but never uses (GCC 13's ios_base_library_init marker).</summary>
    public static readonly IReadOnlyList<string> MarkerOnlyVersions = new[] { "GLIBCXX_3.4.32" };

    /// <summary>One entry of the version-needs table.</summary>
    public sealed class Need
    {
        /// <summary>Creates the entry.</summary>
        public Need(string file, string version, ushort flags, long flagsOffset) => (File, Version, Flags, FlagsOffset) = (file, version, flags, flagsOffset);

        /// <summary>The library that must provide the version (e.g. libstdc++.so.6).</summary>
        public string File { get; }

        /// <summary>The version node, e.g. GLIBCXX_3.4.32.</summary>
        public string Version { get; }

        /// <summary>vna_flags.</summary>
        public ushort Flags { get; }

        /// <summary>File offset of vna_flags.</summary>
        public long FlagsOffset { get; }

        /// <summary>True when the loader treats this need as weak.</summary>
        public bool IsWeak => (Flags & VerFlagWeak) != 0;
    }

    /// <summary>Lists every version need of the ELF image in <paramref name="elf"/>.</summary>
    public static List<Need> Read(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        var needs = new List<Need>();
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            const uint ShtGnuVerneed = 0x6ffffffe;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 24);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 40);
            int count = (int)BitConverter.ToUInt32(elf, (int)sh + 44);
            long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 24);

            long vn = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)vn + 2);
                string file = CString(elf, strtab + BitConverter.ToUInt32(elf, (int)vn + 4));
                long aux = vn + BitConverter.ToUInt32(elf, (int)vn + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                    string version = CString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                    needs.Add(new Need(file, version, flags, aux + 4));
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                vn += BitConverter.ToUInt32(elf, (int)vn + 12);
            }
        }
        return needs;
    }

    /// <summary>Marks the named version needs weak, in memory. Returns the versions it changed.</summary>
    public static List<string> Weaken(byte[] elf, ICollection<string> versions)
    {
        var changed = new List<string>();
        foreach (var need in Read(elf))
        {
            if (!versions.Contains(need.Version) || need.IsWeak) continue;
            BitConverter.GetBytes((ushort)(need.Flags | VerFlagWeak)).CopyTo(elf, need.FlagsOffset);
            changed.Add(need.Version);
        }
        return changed;
    }

    /// <summary>
    /// The system's libstdc++.so.6 as the loader would find it in the standard directories,
    /// or null when there is none (not Linux, or an unusual layout).
    /// </summary>
    public static string? FindSystemLibStdCxx()
    {
        string[] dirs =
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib",
        };
        foreach (var dir in dirs)
        {
            var path = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>True when the library at <paramref name="path"/> defines the version node <paramref name="version"/>.</summary>
    public static bool Defines(string path, string version)
    {
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        byte[] hay = File.ReadAllBytes(path);
        return IndexOf(hay, needle) >= 0;
    }

    /// <summary>
    /// The marker-only versions that <paramref name="elfPath"/> needs from libstdc++ and that
    /// <paramref name="systemLibStdCxx"/> does not define: exactly the needs that must be weakened for it to load.
    /// </summary>
    public static List<string> MissingMarkerVersions(string elfPath, string systemLibStdCxx)
    {
        var missing = new List<string>();
        foreach (var need in Read(File.ReadAllBytes(elfPath)))
        {
            if (need.File.StartsWith("libstdc++", StringComparison.Ordinal)
                && MarkerOnlyVersions.Contains(need.Version)
                && !Defines(systemLibStdCxx, need.Version))
                missing.Add(need.Version);
        }
        return missing;
    }

    /// <summary>
    /// Weakens, in a new file that replaces <paramref name="elfPath"/> atomically, the needs that the system
    /// libstdc++ cannot meet. A hard link to the NuGet cache is replaced, never written through.
    /// Returns the versions it weakened (empty: nothing to do, the file is untouched).
    /// </summary>
    public static List<string> FixInPlace(string elfPath, string systemLibStdCxx)
    {
        var missing = MissingMarkerVersions(elfPath, systemLibStdCxx);
        if (missing.Count == 0) return missing;
        byte[] elf = File.ReadAllBytes(elfPath);
        var changed = Weaken(elf, missing);
        if (changed.Count == 0) return changed;
        // A copy (same permissions), patched, then renamed over the original: never a half-written library,
        // and a hard link into the NuGet cache is replaced rather than written through.
        string temp = elfPath + ".weakening.tmp";
        File.Copy(elfPath, temp, overwrite: true);
        File.WriteAllBytes(temp, elf);
        File.Replace(temp, elfPath, null);
        return changed;
    }

    private static string CString(byte[] data, long start)
    {
        long end = start;
        while (data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)start, (int)(end - start));
    }

    private static int IndexOf(byte[] hay, byte[] needle)
    {
        for (int i = 0; i <= hay.Length - needle.Length; i++)
        {
            if (hay[i] != needle[0]) continue;
            int j = 1;
            while (j < needle.Length && hay[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }
}

#if !ELF_TOOLS_ONLY
/// <summary>
/// MSBuild task: in each of <see cref="Libraries"/> (copies of libLibTorchSharp.so in an output folder), weakens the
/// libstdc++ version needs that this machine's libstdc++ lacks but the library never uses. A no-op where libstdc++ is
/// new enough.
/// </summary>
public sealed class WeakenUnusedGlibcxxNeeds : Microsoft.Build.Utilities.Task
{
    /// <summary>The libraries to fix.</summary>
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    /// <inheritdoc />
    public override bool Execute()
    {
        if (!System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux)) return true;
        string? libstdcxx = ElfVersionNeeds.FindSystemLibStdCxx();
        if (libstdcxx is null)
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "No system libstdc++.so.6 found; libLibTorchSharp.so left as shipped.");
            return true;
        }
        foreach (var lib in Libraries.Select(item => item.ItemSpec))
        {
            var changed = ElfVersionNeeds.FixInPlace(lib, libstdcxx);
            if (changed.Count > 0)
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                    $"SigmoidTorch: {libstdcxx} lacks {string.Join(", ", changed)}; marked that unused need weak in {lib} so it loads (SigmoidTorchNativeLoadFix=false keeps it as shipped).");
        }
        return !Log.HasLoggedErrors;
    }
}
#endif

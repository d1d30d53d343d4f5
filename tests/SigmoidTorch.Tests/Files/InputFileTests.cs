using System.Diagnostics;
using SigmoidTorch.Data;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Files;

/// <summary>
/// Files a user names for reading must be regular files of at most 64 MiB, checked before they are opened: a FIFO
/// (which would wait forever for a writer), a device such as /dev/zero (which never ends) or a huge file is refused at
/// once with one line naming the file and why.
/// </summary>
public sealed class InputFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sigmoidtorch-input-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void FileKindsAreTold()
    {
        string file = Path.Combine(dir, "f.txt");
        File.WriteAllText(file, "12345");
        string link = Path.Combine(dir, "link");
        File.CreateSymbolicLink(link, file);
        Assert.Equal(new FileStatus(FileKind.Regular, 5), FileStatus.Of(file));
        Assert.Equal(FileKind.Regular, FileStatus.Of(link).Kind);
        Assert.Equal(FileKind.SymbolicLink, FileStatus.Of(link, followLinks: false).Kind);
        Assert.Equal(FileKind.Directory, FileStatus.Of(dir).Kind);
        Assert.Equal(FileKind.Missing, FileStatus.Of(Path.Combine(dir, "none")).Kind);
        Assert.Equal(FileKind.Missing, FileStatus.Of(Path.Combine(file, "below-a-file")).Kind);
        Assert.Equal(FileKind.Fifo, FileStatus.Of(SpecialFiles.Fifo(Path.Combine(dir, "fifo"))).Kind);
        Assert.Equal(FileKind.CharacterDevice, FileStatus.Of(SpecialFiles.ZeroDevice(Path.Combine(dir, "zero"))).Kind);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "fifo", " is a FIFO (named pipe), not a regular file" },
        { "zero", " is a character device, not a regular file" },
        { "link-to-zero", " is a character device, not a regular file" },
        { "folder", " is a folder, not a file" },
        { "missing", " does not exist" },
        { "dangling-link", " is a symbolic link to '{dir}/nowhere', which does not exist" },
        { "huge", " is larger than the 64 MiB an input file may have (64.0 MiB)" },
        { "", ": no file name given" },
    };

    [Theory, MemberData(nameof(Refusals))]
    public void WhatIsNotASmallRegularFileIsRefusedAtOnce(string name, string expected)
    {
        string path = name.Length == 0 ? "" : Path.Combine(dir, name);
        switch (name)
        {
            case "fifo": SpecialFiles.Fifo(path); break;
            case "zero": path = SpecialFiles.ZeroDevice(path); break;
            case "link-to-zero": File.CreateSymbolicLink(path, SpecialFiles.ZeroDevice(Path.Combine(dir, "zero"))); break;
            case "folder": Directory.CreateDirectory(path); break;
            case "dangling-link": File.CreateSymbolicLink(path, Path.Combine(dir, "nowhere")); break;
            case "huge":
                using (var stream = File.Create(path)) stream.SetLength(InputFile.MaxBytes + 1);   // sparse: no disk used
                break;
        }
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<SigmoidTorchException>(() => InputFile.ReadText(path, $"data file '{path}'"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal($"data file '{path}'{expected.Replace("{dir}", dir, StringComparison.Ordinal)}", e.Message);
    }

    [Fact]
    public void ARegularFileAndALinkToOneRead()
    {
        string file = Path.Combine(dir, "f.csv");
        File.WriteAllText(file, "ünïcode");
        string link = Path.Combine(dir, "link.csv");
        File.CreateSymbolicLink(link, file);
        Assert.Equal("ünïcode", InputFile.ReadText(file, "f"));
        Assert.Equal("ünïcode", InputFile.ReadText(link, "f"));
    }
}

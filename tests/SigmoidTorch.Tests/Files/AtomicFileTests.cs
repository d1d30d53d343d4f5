using SigmoidTorch.Data;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Files;

/// <summary>
/// An atomic write replaces only a regular file: it writes through a symbolic link to its final target (the link stays
/// a link), refuses a device, FIFO or folder before writing anything, keeps the replaced file's permissions, and a
/// failed write removes the folders it created. Device nodes are copies made in a temporary folder when running as
/// root, never the system's /dev/null.
/// </summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sigmoidtorch-atomic-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string At(string name) => Path.Combine(dir, name);

    private static string[] FileNames(string folder) =>
        [.. Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Fact]
    public void AWriteCreatesMissingFoldersReturnsTheFullPathAndLeavesNoTemporaryFile()
    {
        byte[] bytes = [1, 2, 3];
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, At("a/b/chart.png"));
        string written = AtomicFile.WriteAllBytes(relative, bytes);
        Assert.Equal(At("a/b/chart.png"), written);
        Assert.True(Path.IsPathFullyQualified(written));
        Assert.Equal(bytes, File.ReadAllBytes(written));
        Assert.Equal(["chart.png"], FileNames(At("a/b")));
    }

    [Fact]
    public void AWriteReplacesAnOlderFile()
    {
        AtomicFile.WriteAllText(At("chart.png"), "older");
        AtomicFile.WriteAllText(At("chart.png"), "newer");
        Assert.Equal("newer", File.ReadAllText(At("chart.png")));
        Assert.Equal(["chart.png"], FileNames(dir));
    }

    [Fact]
    public void AWriteThatFailsHalfwayLeavesTheOlderFileByteIdentical()
    {
        byte[] older = [9, 8, 7, 6];
        AtomicFile.WriteAllBytes(At("anim.gif"), older);
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(At("anim.gif"), stream =>
        {
            stream.Write([1, 2]);
            throw new InvalidOperationException("the encoder failed");
        }));
        Assert.Equal(older, File.ReadAllBytes(At("anim.gif")));
        Assert.Equal(["anim.gif"], FileNames(dir));
    }

    [Fact]
    public void AWriteThroughASymbolicLinkReplacesItsTargetAndKeepsTheLink()
    {
        string target = At("real/target.ckpt");
        Directory.CreateDirectory(At("real"));
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(At("first"), At("second"));
        File.CreateSymbolicLink(At("second"), target);
        Assert.Equal(Path.GetFullPath(At("first")), AtomicFile.WriteAllText(At("first"), "new"));
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal(At("second"), new FileInfo(At("first")).LinkTarget);
        Assert.Equal(target, new FileInfo(At("second")).LinkTarget);
        Assert.Equal(new[] { "target.ckpt" }, Directory.GetFiles(At("real")).Select(Path.GetFileName));
    }

    [Fact]
    public void ADanglingLinkGetsItsTargetCreated()
    {
        File.CreateSymbolicLink(At("link"), At("made-by-the-write"));
        AtomicFile.WriteAllText(At("link"), "new");
        Assert.Equal("new", File.ReadAllText(At("made-by-the-write")));
        Assert.NotNull(new FileInfo(At("link")).LinkTarget);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "device", "it is a character device; only a regular file is replaced" },
        { "fifo", "it is a FIFO (named pipe); only a regular file is replaced" },
        { "folder", "it is a folder; only a regular file is replaced" },
        { "link-to-device", "is a character device; only a regular file is replaced" },
        { "folder/", "it names a folder, not a file" },
        { "file.txt/below", "is a regular file, not a folder" },
    };

    [Theory, MemberData(nameof(Refusals))]
    public void OnlyARegularFileIsReplaced(string name, string expected)
    {
        string path = At(name);
        switch (name)
        {
            case "device": path = SpecialFiles.NullDevice(path); break;
            case "fifo": SpecialFiles.Fifo(path); break;
            case "folder": Directory.CreateDirectory(path); break;
            case "link-to-device": File.CreateSymbolicLink(path, SpecialFiles.NullDevice(At("null"))); break;
            case "file.txt/below": File.WriteAllText(At("file.txt"), "x"); break;
        }
        var before = Directory.GetFileSystemEntries(dir).Order(StringComparer.Ordinal).ToList();
        var e = Assert.Throws<SigmoidTorchException>(() => AtomicFile.WriteAllText(path, "new"));
        Assert.StartsWith($"cannot write '{path}': ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(dir).Order(StringComparer.Ordinal));
        if (name is "device" or "link-to-device")
            Assert.Equal(FileKind.CharacterDevice, FileStatus.Of(path).Kind);
        if (name == "fifo") Assert.Equal(FileKind.Fifo, FileStatus.Of(path).Kind);
    }

    [Fact]
    public void AFailedWriteRemovesTheFoldersItCreated()
    {
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(At("new/deeper/model.ckpt"), _ => throw new InvalidOperationException("no")));
        Assert.Empty(Directory.GetFileSystemEntries(dir));
        AtomicFile.WriteAllText(At("new/deeper/model.ckpt"), "fine");
        Assert.Equal("fine", File.ReadAllText(At("new/deeper/model.ckpt")));
    }

    /// <summary>
    /// A name of 245 bytes, legal where names may have 255, saves: the temporary file's name is short whatever the
    /// target's (it once added about 45 characters to it, and no such name could ever be saved).
    /// </summary>
    [Fact]
    public void TheLongestLegalNamesSave()
    {
        string name = new('m', 245);
        Assert.Equal(At(name), AtomicFile.WriteAllText(At(name), "saved"));
        Assert.Equal("saved", File.ReadAllText(At(name)));
        string temporary = Path.GetFileName(AtomicFile.TemporaryPath(At(new string('m', 255))));
        Assert.True(temporary.Length <= 58, temporary);
        Assert.Matches("^\\.m{32}\\.[0-9a-f]{12}\\.tmp$", temporary);
        Assert.Equal([name], FileNames(dir));
    }

    /// <summary>
    /// A symbolic link whose target's folder does not exist is refused, and nothing is made behind it (it once made the
    /// missing folders wherever the link pointed: /nonexistent/dir/ at the root); one into a folder that exists is
    /// written through.
    /// </summary>
    [Fact]
    public void NoFolderIsMadeBehindASymbolicLink()
    {
        File.CreateSymbolicLink(At("dangling.ckpt"), At("elsewhere/deeper/model.ckpt"));
        var e = Assert.Throws<SigmoidTorchException>(() => AtomicFile.WriteAllText(At("dangling.ckpt"), "new"));
        Assert.Equal($"cannot write '{At("dangling.ckpt")}': it is a symbolic link to '{At("elsewhere/deeper/model.ckpt")}', whose folder "
                     + $"'{At("elsewhere/deeper")}' does not exist (folders are made on the path as given, never behind a symbolic link)", e.Message);
        Assert.False(Path.Exists(At("elsewhere")));

        File.CreateSymbolicLink(At("through.ckpt"), At("model.ckpt"));
        AtomicFile.WriteAllText(At("through.ckpt"), "new");
        Assert.Equal("new", File.ReadAllText(At("model.ckpt")));
    }

    [Fact, System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void AReplacedFileKeepsItsPermissions()
    {
        string path = At("model.ckpt");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        AtomicFile.WriteAllText(path, "new");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}

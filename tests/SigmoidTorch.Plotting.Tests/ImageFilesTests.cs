using ImageMagick;
using SkiaSharp;
using Xunit;

namespace SigmoidTorch.Plotting.Tests;

public sealed class ImageFilesTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"sigmoidtorch-plotting-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    /// <summary>A small, quick PNG whose content depends on <paramref name="k"/>.</summary>
    private static byte[] Frame(int k, int width = 160, int height = 120)
    {
        double[] xs = [0, 1, 2, 3];
        return Charts.Lines($"frame {k}", "x", "y", [new Series("s", xs, [.. xs.Select(x => x * k)])], false, width, height);
    }

    private string[] FilesInFolder(string dir) =>
        [.. Directory.GetFiles(dir).Select(Path.GetFileName).OfType<string>().Order()];

    [Fact]
    public void WritePng_CreatesFoldersAndReturnsFullPath()
    {
        byte[] png = Frame(1);
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(folder, "a", "b", "chart.png"));
        string written = ImageFiles.WritePng(relative, png);
        Assert.Equal(Path.Combine(folder, "a", "b", "chart.png"), written);
        Assert.True(Path.IsPathFullyQualified(written));
        Assert.Equal(png, File.ReadAllBytes(written));
        Assert.Equal(["chart.png"], FilesInFolder(Path.Combine(folder, "a", "b"))); // no temporary file left behind
    }

    [Fact]
    public void WritePng_ReplacesAnOlderFile()
    {
        string path = Path.Combine(folder, "chart.png");
        ImageFiles.WritePng(path, Frame(1));
        byte[] newer = Frame(2);
        ImageFiles.WritePng(path, newer);
        Assert.Equal(newer, File.ReadAllBytes(path));
        Assert.Equal(["chart.png"], FilesInFolder(folder));
    }

    [Fact]
    public void WritePng_RejectsNonPngAndKeepsOlderFile()
    {
        string path = Path.Combine(folder, "chart.png");
        byte[] older = Frame(1);
        ImageFiles.WritePng(path, older);
        Assert.Throws<ArgumentException>(() => ImageFiles.WritePng(path, [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => ImageFiles.WritePng(path, []));
        Assert.Throws<ArgumentException>(() => ImageFiles.WritePng("", older));
        Assert.Equal(older, File.ReadAllBytes(path));
        Assert.Equal(["chart.png"], FilesInFolder(folder));
    }

    [Fact]
    public void WriteGif_WritesLoopingAnimationWithFrameDelay()
    {
        byte[][] frames = [Frame(1), Frame(2), Frame(3), Frame(4), Frame(5)];
        string written = ImageFiles.WriteGif(Path.Combine(folder, "sub", "anim.gif"), frames, framesPerSecond: 4);

        byte[] bytes = File.ReadAllBytes(written);
        Assert.Equal("GIF89a"u8.ToArray(), bytes[..6]);
        using var gif = new MagickImageCollection(written);
        Assert.Equal(5, gif.Count);
        Assert.All(gif, frame => Assert.Equal(25u, frame.AnimationDelay)); // 1/4 s in hundredths
        Assert.Equal(0u, gif[0].AnimationIterations); // 0 = loop forever
        gif.Coalesce();
        Assert.All(gif, frame => Assert.Equal((160u, 120u), (frame.Width, frame.Height)));
        Assert.Equal(["anim.gif"], FilesInFolder(Path.Combine(folder, "sub")));
    }

    [Fact]
    public void WriteGif_FramesMatchTheirPngs()
    {
        byte[][] frames = [Frame(1), Frame(7)];
        string written = ImageFiles.WriteGif(Path.Combine(folder, "anim.gif"), frames, 10);
        using var gif = new MagickImageCollection(written);
        gif.Coalesce();
        for (int i = 0; i < frames.Length; i++)
        {
            using var expected = new MagickImage(frames[i]);
            double error = gif[i].Compare(expected, ErrorMetric.RootMeanSquared);
            Assert.True(error < 0.05, $"frame {i} differs from its PNG (RMSE {error})");
        }
    }

    [Theory]
    [InlineData(10.0, 10u)]
    [InlineData(3.0, 33u)]
    [InlineData(1000.0, 1u)]
    [InlineData(0.5, 200u)]
    public void GifDelay_IsHundredthsOfASecondRounded(double fps, uint expected) =>
        Assert.Equal(expected, ImageFiles.GifDelay(fps));

    [Fact]
    public void WriteGif_FailureLeavesOlderFileByteIdentical()
    {
        string path = Path.Combine(folder, "anim.gif");
        ImageFiles.WriteGif(path, [Frame(1), Frame(2)], 5);
        byte[] older = File.ReadAllBytes(path);

        var empty = Assert.Throws<ArgumentException>(() => ImageFiles.WriteGif(path, [], 5));
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', empty.Message);
        Assert.Throws<ArgumentException>(() => ImageFiles.WriteGif(path, [Frame(1)], 0));
        Assert.Throws<ArgumentException>(() => ImageFiles.WriteGif(path, [Frame(1)], -2));
        Assert.Throws<ArgumentException>(() => ImageFiles.WriteGif(path, [Frame(1)], double.NaN));
        Assert.Throws<ArgumentException>(() => ImageFiles.WriteGif(path, [Frame(1), [0, 1, 2]], 5));
        Assert.Throws<ArgumentException>(() => ImageFiles.WriteGif(path, [Frame(1), Frame(2, 200, 120)], 5));

        Assert.Equal(older, File.ReadAllBytes(path));
        Assert.Equal(["anim.gif"], FilesInFolder(folder));
    }

    [Fact]
    public void WriteGif_EmptyListNeverCreatesAFile()
    {
        string path = Path.Combine(folder, "never.gif");
        Assert.Throws<ArgumentException>(() => ImageFiles.WriteGif(path, [], 5));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void WritePng_OutputDecodesAsTheChart()
    {
        string path = ImageFiles.WritePng(Path.Combine(folder, "c.png"), Frame(3, 321, 123));
        using SKBitmap bitmap = PngAssert.IsPng(File.ReadAllBytes(path), 321, 123);
    }
}

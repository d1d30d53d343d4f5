using ImageMagick;
using Xunit;

namespace SigmoidTorch.Plotting.Tests;

public sealed class AnimatedGifTests
{
    /// <summary>A small, quick PNG whose content depends on <paramref name="k"/>.</summary>
    private static byte[] Frame(int k, int width = 160, int height = 120)
    {
        double[] xs = [0, 1, 2, 3];
        return Charts.Lines($"frame {k}", "x", "y", [new Series("s", xs, [.. xs.Select(x => x * k)])], false, width, height);
    }

    [Fact]
    public void Encode_MakesALoopingAnimationWithFrameDelay()
    {
        byte[][] frames = [Frame(1), Frame(2), Frame(3), Frame(4), Frame(5)];
        byte[] bytes = AnimatedGif.Encode(frames, framesPerSecond: 4);

        Assert.Equal("GIF89a"u8.ToArray(), bytes[..6]);
        using var gif = new MagickImageCollection(bytes);
        Assert.Equal(5, gif.Count);
        Assert.All(gif, frame => Assert.Equal(25u, frame.AnimationDelay)); // 1/4 s in hundredths
        Assert.Equal(0u, gif[0].AnimationIterations); // 0 = loop forever
        gif.Coalesce();
        Assert.All(gif, frame => Assert.Equal((160u, 120u), (frame.Width, frame.Height)));
    }

    [Fact]
    public void Encode_FramesMatchTheirPngs()
    {
        byte[][] frames = [Frame(1), Frame(7)];
        using var gif = new MagickImageCollection(AnimatedGif.Encode(frames, 10));
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
        Assert.Equal(expected, AnimatedGif.GifDelay(fps));

    [Fact]
    public void Encode_RefusesBadFramesAndRatesWithOneLineMessages()
    {
        var empty = Assert.Throws<ArgumentException>(() => AnimatedGif.Encode([], 5));
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', empty.Message);
        Assert.Throws<ArgumentException>(() => AnimatedGif.Encode([Frame(1)], 0));
        Assert.Throws<ArgumentException>(() => AnimatedGif.Encode([Frame(1)], -2));
        Assert.Throws<ArgumentException>(() => AnimatedGif.Encode([Frame(1)], double.NaN));
        Assert.Throws<ArgumentException>(() => AnimatedGif.Encode([Frame(1), [0, 1, 2]], 5));
        Assert.Throws<ArgumentException>(() => AnimatedGif.Encode([Frame(1), Frame(2, 200, 120)], 5));
    }
}

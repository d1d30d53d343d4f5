using SkiaSharp;
using Xunit;

namespace SigmoidTorch.Plotting.Tests.Infrastructure;

/// <summary>Decodes chart output and checks it is the PNG image it claims to be.</summary>
internal static class PngAssert
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts the PNG signature and size, and returns the decoded image (caller disposes).</summary>
    public static SKBitmap IsPng(byte[] png, int width, int height)
    {
        Assert.NotNull(png);
        Assert.True(png.Length > Signature.Length, "PNG too short");
        Assert.Equal(Signature, png[..Signature.Length]);
        SKBitmap? bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        return bitmap;
    }

    /// <summary>Fraction of pixels whose colour differs by more than a small tolerance.</summary>
    public static double DifferingFraction(SKBitmap a, SKBitmap b)
    {
        Assert.Equal(a.Width, b.Width);
        Assert.Equal(a.Height, b.Height);
        int differing = 0;
        for (int y = 0; y < a.Height; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                SKColor p = a.GetPixel(x, y), q = b.GetPixel(x, y);
                if (Math.Abs(p.Red - q.Red) + Math.Abs(p.Green - q.Green) + Math.Abs(p.Blue - q.Blue) > 24)
                    differing++;
            }
        }
        return (double)differing / (a.Width * a.Height);
    }

    /// <summary>Number of distinct colours, a crude measure of how much is drawn.</summary>
    public static int DistinctColors(SKBitmap bitmap)
    {
        var colors = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
                colors.Add((uint)bitmap.GetPixel(x, y));
        }
        return colors.Count;
    }
}

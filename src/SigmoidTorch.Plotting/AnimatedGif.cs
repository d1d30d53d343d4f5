using System.Runtime.InteropServices;
using ImageMagick;

namespace SigmoidTorch.Plotting;

/// <summary>
/// Animated GIFs made of chart frames, as bytes. This assembly writes no files: a program writes the bytes of a chart
/// or a GIF through SigmoidTorch's AtomicFile, the one writer of every file the programs write (atomic, through
/// symbolic links, refusing devices and FIFOs).
/// </summary>
public static class AnimatedGif
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// The bytes of an animated GIF that loops forever, each frame shown for 1 / <paramref name="framesPerSecond"/>
    /// seconds, rounded to the GIF's unit of 1/100 s (at least 1/100 s; note that many viewers show delays under
    /// 2/100 s as 1/10 s). Frames must all have the same size. Each frame after the first stores only the rectangle
    /// where it differs from the one before (drawn over it: GIF disposal "none"), and its colours are reduced to the
    /// GIF's 256. The work is done frame by frame, so <paramref name="framesDone"/> can report it.
    /// </summary>
    /// <param name="pngFrames">The frames in order, as PNG bytes (for example from <see cref="Charts"/>); at least one.</param>
    /// <param name="framesPerSecond">Frame rate, &gt; 0.</param>
    /// <param name="framesDone">Called with the number of frames encoded so far, after each frame (for a progress bar).</param>
    /// <exception cref="ArgumentException">No frames, a frame rate that is not positive, a frame that is not a PNG image, or frames of different sizes.</exception>
    public static byte[] Encode(IReadOnlyList<byte[]> pngFrames, double framesPerSecond, Action<int>? framesDone = null)
    {
        ArgumentNullException.ThrowIfNull(pngFrames);
        if (pngFrames.Count == 0)
            throw new ArgumentException("Cannot encode GIF: the frame list is empty.", nameof(pngFrames));
        if (!(framesPerSecond > 0) || double.IsInfinity(framesPerSecond))
            throw new ArgumentException(
                $"Cannot encode GIF: framesPerSecond must be a positive number, got {framesPerSecond}.",
                nameof(framesPerSecond));
        for (int i = 0; i < pngFrames.Count; i++)
        {
            if (pngFrames[i] is null || !pngFrames[i].AsSpan().StartsWith(PngSignature))
                throw new ArgumentException($"Cannot encode GIF: frame {i} is not a PNG image.", nameof(pngFrames));
        }

        uint delay = GifDelay(framesPerSecond);
        using var frames = new MagickImageCollection();
        byte[]? previous = null;
        for (int i = 0; i < pngFrames.Count; i++)
        {
            var frame = new MagickImage(pngFrames[i]);
            frames.Add(frame);
            if (i > 0 && (frame.Width != frames[0].Width || frame.Height != frames[0].Height))
                throw new ArgumentException($"Cannot encode GIF: frame {i} is {frame.Width}×{frame.Height} " +
                    $"but frame 0 is {frames[0].Width}×{frames[0].Height}.", nameof(pngFrames));
            frame.AnimationDelay = delay;
            frame.AnimationTicksPerSecond = 100;
            frame.AnimationIterations = 0; // loop forever
            frame.GifDisposeMethod = GifDisposeMethod.None;
            byte[] pixels;
            using (var all = frame.GetPixels())
                pixels = all.ToByteArray(PixelMapping.RGBA)!;
            if (previous is not null)
                frame.Crop(ChangedArea(previous, pixels, (int)frame.Width, (int)frame.Height));
            previous = pixels;
            frame.Quantize(new QuantizeSettings { Colors = 256 });
            framesDone?.Invoke(i + 1);
        }

        using var gif = new MemoryStream();
        frames.Write(gif, MagickFormat.Gif);
        return gif.ToArray();
    }

    /// <summary>
    /// The smallest rectangle holding every pixel where two RGBA images of <paramref name="width"/> × <paramref name="height"/>
    /// differ (one pixel at the origin when they are equal: a GIF frame cannot be empty).
    /// </summary>
    internal static MagickGeometry ChangedArea(byte[] before, byte[] after, int width, int height)
    {
        var a = MemoryMarshal.Cast<byte, int>(before);
        var b = MemoryMarshal.Cast<byte, int>(after);
        int left = width, right = -1, top = -1, bottom = -1;
        for (int y = 0; y < height; y++)
        {
            var rowA = a.Slice(y * width, width);
            var rowB = b.Slice(y * width, width);
            int first = rowA.CommonPrefixLength(rowB);
            if (first == width) continue;
            int last = width - 1;
            while (rowA[last] == rowB[last]) last--;
            (left, right) = (Math.Min(left, first), Math.Max(right, last));
            if (top < 0) top = y;
            bottom = y;
        }
        return right < 0 ? new MagickGeometry(0, 0, 1, 1) : new MagickGeometry(left, top, (uint)(right - left + 1), (uint)(bottom - top + 1));
    }

    /// <summary>The delay between frames in the GIF's unit, hundredths of a second: rounded, at least 1.</summary>
    internal static uint GifDelay(double framesPerSecond) =>
        (uint)Math.Clamp(Math.Round(100 / framesPerSecond), 1, ushort.MaxValue);
}

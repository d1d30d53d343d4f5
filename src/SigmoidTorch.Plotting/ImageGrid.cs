using ScottPlot;
using ScottPlot.Plottables;

namespace SigmoidTorch.Plotting;

/// <summary>How <see cref="ImageGrid"/> shades the pixels of its images.</summary>
public enum ImageShading
{
    /// <summary>Ink on paper, one scale for all: 0 is white, the largest value of all the images black (handwritten digits).</summary>
    Ink,

    /// <summary>
    /// Signed values, each image on its own scale: blue below 0, white at 0, red above, the strongest colour at the
    /// image's largest |value| (a unit's weights: which pixels push it up, which down).
    /// </summary>
    Signed,
}

/// <summary>
/// Small images side by side in rows, each with a caption beneath it: handwritten digits with their labels, or a
/// layer's weights drawn as the image they respond to. Rendered with ScottPlot to PNG bytes, like <see cref="Charts"/>.
/// </summary>
public static class ImageGrid
{
    private const int CellPixels = 96;
    private const double Gap = 0.35;          // space beside an image, in image widths
    private const double CaptionRoom = 0.45;  // space for the caption beneath, in image heights

    /// <summary>
    /// A grid of <paramref name="images"/>, each <paramref name="width"/> × <paramref name="height"/> pixels given row by
    /// row (image[r·width + c]), with <paramref name="captions"/>[i] beneath image i, <paramref name="columns"/> images a
    /// row (0: up to 10). At least one image; captions one per image; finite values.
    /// </summary>
    public static byte[] Draw(string title, IReadOnlyList<double[]> images, int width, int height, IReadOnlyList<string> captions,
                              ImageShading shading, int columns = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(captions);
        if (images.Count == 0) throw new ArgumentException("no images to draw.", nameof(images));
        if (width < 1 || height < 1) throw new ArgumentException($"images must be at least 1×1 pixels, got {width}×{height}.");
        if (captions.Count != images.Count) throw new ArgumentException($"{captions.Count} captions for {images.Count} images.", nameof(captions));
        for (int i = 0; i < images.Count; i++)
        {
            if (images[i] is null || images[i].Length != width * height)
                throw new ArgumentException($"image {i} has {images[i]?.Length ?? 0} values, not {width}×{height}.", nameof(images));
            if (images[i].Any(v => !double.IsFinite(v)))
                throw new ArgumentException($"image {i} holds a value that is not finite.", nameof(images));
        }
        int cols = columns > 0 ? columns : Math.Min(images.Count, 10);
        int rows = (images.Count + cols - 1) / cols;
        int imageWidth = (int)Math.Ceiling(cols * (1 + Gap) * CellPixels) + 40, imageHeight = (int)Math.Ceiling(rows * (1 + CaptionRoom) * CellPixels) + 70;
        if (imageWidth > 16384 || imageHeight > 16384) throw new ArgumentException($"{images.Count} images in {cols} columns make a picture of {imageWidth}×{imageHeight} pixels, more than 16384 each way.");

        using var plot = new Plot();
        plot.Title(title ?? "");
        double inkMax = Math.Max(images.Max(image => image.Max()), 1e-300);
        IColormap colormap = shading == ImageShading.Ink
            ? new ScottPlot.Colormaps.Custom([Colors.White, Colors.Black], smooth: true)
            : new ScottPlot.Colormaps.Custom(Color.FromHex(["#2166ac", "#f7f7f7", "#b2182b"]), smooth: true);
        for (int i = 0; i < images.Count; i++)
        {
            double left = i % cols * (1 + Gap), top = -(i / cols) * (1 + CaptionRoom);
            var cells = new double[height, width];
            for (int r = 0; r < height; r++)
                for (int c = 0; c < width; c++)
                    cells[r, c] = images[i][r * width + c];
            Heatmap image = plot.Add.Heatmap(cells);
            image.Colormap = colormap;
            double scale = shading == ImageShading.Ink ? inkMax : Math.Max(images[i].Max(Math.Abs), 1e-300);
            image.ManualRange = shading == ImageShading.Ink ? new ScottPlot.Range(0, scale) : new ScottPlot.Range(-scale, scale);
            image.Rectangle = new CoordinateRect(left, left + 1, top - 1, top);
            Text caption = plot.Add.Text(captions[i], left + 0.5, top - 1.08);
            caption.Alignment = Alignment.UpperCenter;
            caption.LabelFontSize = 14;
        }
        plot.HideAxesAndGrid();
        plot.Axes.Title.IsVisible = true;
        plot.Axes.SetLimits(-Gap / 2, cols * (1 + Gap) - Gap / 2, -rows * (1 + CaptionRoom) + 0.05, 0.1);
        plot.Axes.SquareUnits();
        return plot.GetImageBytes(imageWidth, imageHeight, ImageFormat.Png);
    }
}

namespace SigmoidTorch.Articles;

/// <summary>Handwritten digits: 8×8 images of pixels 0–16, row by row, and the digit each shows.</summary>
/// <param name="Pixels">[n, 64]: image i's pixels, row by row.</param>
/// <param name="Labels">The digit of each image, 0 to 9.</param>
/// <param name="Rows">Each image's line in the file, from 0.</param>
public sealed record DigitSet(double[,] Pixels, int[] Labels, int[] Rows)
{
    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Image <paramref name="i"/>'s 64 pixels, row by row.</summary>
    public double[] Image(int i) => Enumerable.Range(0, DigitData.Pixels).Select(j => Pixels[i, j]).ToArray();
}

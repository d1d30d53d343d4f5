using System.Globalization;
using System.IO.Compression;

namespace SigmoidTorch.Articles;

/// <summary>
/// The UCI optical recognition of handwritten digits data (E. Alpaydin, C. Kaynak, 1998; CC BY 4.0), as scikit-learn
/// ships it: 1,797 images of 8×8 pixels 0–16 (the on pixels counted in 4×4 blocks of a 32×32 bitmap) with their digit,
/// embedded in this library (<c>Data/digits.csv.gz</c>, credited in <c>Data/NOTICE.md</c>). The split is fixed: the
/// test set is every line i with i % 6 == 5 (299 images), the training set the other 1,498 in file order.
/// </summary>
public static class DigitData
{
    /// <summary>Pixels per image, 8 × 8.</summary>
    public const int Pixels = 64;

    /// <summary>The digits 0 to 9.</summary>
    public const int Classes = 10;

    /// <summary>The largest pixel value (a 4×4 block with every pixel on).</summary>
    public const int MaxPixel = 16;

    /// <summary>Line i is a test image when i % <see cref="TestEvery"/> == <see cref="TestEvery"/> − 1.</summary>
    public const int TestEvery = 6;

    private const string Resource = "SigmoidTorch.Articles.Seed002Digits.digits.csv.gz";

    /// <summary>The file as shipped, gzip-compressed CSV (for programs of other languages that read the same data).</summary>
    public static Stream OpenCompressed() =>
        typeof(DigitData).Assembly.GetManifestResourceStream(Resource) ?? throw new InvalidOperationException($"{Resource} is not embedded in the library");

    /// <summary>All 1,797 images of the embedded data, in file order.</summary>
    public static DigitSet Load()
    {
        using var gzip = new GZipStream(OpenCompressed(), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return Parse(reader, "the built-in digits");
    }

    /// <summary>
    /// Reads lines of 64 pixels and a digit, comma-separated; <paramref name="what"/> names the source in errors. A line
    /// of another length, a value that is not a whole number, a pixel outside 0–16 or a label outside 0–9 is refused
    /// with a one-line <see cref="SigmoidTorchException"/> naming the line.
    /// </summary>
    public static DigitSet Parse(TextReader reader, string what)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var images = new List<double[]>();
        var labels = new List<int>();
        int lineNumber = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            string[] fields = line.Split(',');
            if (fields.Length != Pixels + 1)
                throw new SigmoidTorchException($"{what}, line {lineNumber}: {fields.Length} values, expected {Pixels} pixels and a label");
            var values = new int[fields.Length];
            for (int j = 0; j < fields.Length; j++)
                if (!int.TryParse(fields[j].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[j]))
                    throw new SigmoidTorchException($"{what}, line {lineNumber}: value {j + 1}, '{Data.NumberText.Quote(fields[j])}', is not a whole number");
            int bad = Array.FindIndex(values, 0, Pixels, v => v is < 0 or > MaxPixel);
            if (bad >= 0) throw new SigmoidTorchException($"{what}, line {lineNumber}: pixel {bad + 1} is {values[bad]}, outside 0 to {MaxPixel}");
            if (values[Pixels] is < 0 or >= Classes)
                throw new SigmoidTorchException($"{what}, line {lineNumber}: the label is {values[Pixels]}, outside 0 to {Classes - 1}");
            images.Add(values.Take(Pixels).Select(v => (double)v).ToArray());
            labels.Add(values[Pixels]);
        }
        if (images.Count == 0) throw new SigmoidTorchException($"{what} holds no images");
        var pixels = new double[images.Count, Pixels];
        for (int i = 0; i < images.Count; i++)
            for (int j = 0; j < Pixels; j++)
                pixels[i, j] = images[i][j];
        return new DigitSet(pixels, labels.ToArray(), Enumerable.Range(0, images.Count).ToArray());
    }

    /// <summary>The fixed split: the test set is every line i with i % 6 == 5, the training set the others, both in file order.</summary>
    public static (DigitSet Train, DigitSet Test) Split(DigitSet all)
    {
        ArgumentNullException.ThrowIfNull(all);
        static bool IsTest(int row) => row % TestEvery == TestEvery - 1;
        DigitSet Take(Func<int, bool> keep)
        {
            int[] rows = Enumerable.Range(0, all.Count).Where(i => keep(all.Rows[i])).ToArray();
            var pixels = new double[rows.Length, Pixels];
            for (int i = 0; i < rows.Length; i++)
                for (int j = 0; j < Pixels; j++)
                    pixels[i, j] = all.Pixels[rows[i], j];
            return new DigitSet(pixels, rows.Select(i => all.Labels[i]).ToArray(), rows.Select(i => all.Rows[i]).ToArray());
        }
        return (Take(row => !IsTest(row)), Take(IsTest));
    }
}

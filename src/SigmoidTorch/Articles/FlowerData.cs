using System.Globalization;
using SigmoidTorch.Data;

namespace SigmoidTorch.Articles;

/// <summary>One flower: its petal's length and width (cm) and its kind.</summary>
/// <param name="Length">Petal length.</param>
/// <param name="Width">Petal width.</param>
/// <param name="Species">The kind of flower, e.g. <c>versicolor</c>.</param>
public sealed record Flower(double Length, double Width, string Species);

/// <summary>
/// Reads flowers from CSV text with the columns <c>petal_length,petal_width,species</c>: an optional header line of
/// exactly those names, blank lines and lines starting with <c>#</c> ignored. Every problem (a missing file, a row
/// with another number of columns, a value that is not a finite number, an empty species, fewer than two kinds)
/// is one <see cref="SigmoidTorchException"/> naming the file and the line.
/// </summary>
public static class FlowerData
{
    /// <summary>The header line a file may start with.</summary>
    public const string Header = "petal_length,petal_width,species";

    private const string IrisResource = "SigmoidTorch.Articles.Data.iris-petals.csv";

    /// <summary>
    /// Fisher's Iris data (1936, public domain; the copy scikit-learn ships, which follows Fisher's paper): petal length
    /// and width of 50 flowers of each of setosa, versicolor and virginica, in the original order. Shipped inside this
    /// assembly.
    /// </summary>
    public static IReadOnlyList<Flower> Iris()
    {
        using var stream = typeof(FlowerData).Assembly.GetManifestResourceStream(IrisResource)
            ?? throw new SigmoidTorchException($"the assembly lacks its resource '{IrisResource}'");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "the built-in Iris data");
    }

    /// <summary>Reads the CSV file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<Flower> Load(string path)
    {
        string what = $"data file '{path}'";
        return Parse(InputFile.ReadText(path, what), what);
    }

    /// <summary>Parses CSV <paramref name="text"/>; <paramref name="source"/> names it in error messages.</summary>
    public static IReadOnlyList<Flower> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var flowers = new List<Flower>();
        bool first = true;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            bool isHeader = first && string.Equals(string.Join(",", line.Split(',').Select(f => f.Trim())), Header, StringComparison.OrdinalIgnoreCase);
            first = false;
            if (isHeader) continue;

            string[] fields = line.Split(',').Select(f => f.Trim()).ToArray();
            string where = $"{source}, line {i + 1}";
            if (fields.Length != 3)
                throw new SigmoidTorchException($"{where} has {fields.Length} column(s), expected 3 ({Header})");
            double length = Number(fields[0], "petal_length", where);
            double width = Number(fields[1], "petal_width", where);
            if (fields[2].Length == 0) throw new SigmoidTorchException($"{where} has an empty species");
            flowers.Add(new Flower(length, width, fields[2]));
        }
        if (flowers.Count == 0) throw new SigmoidTorchException($"{source} holds no flowers (expected lines of {Header})");
        var kinds = Species(flowers);
        if (kinds.Count < 2)
            throw new SigmoidTorchException($"{source} holds only one kind of flower ('{kinds[0]}'): a classifier needs at least 2");
        return flowers;
    }

    /// <summary>The kinds of flower in <paramref name="flowers"/>, in order of first appearance.</summary>
    public static IReadOnlyList<string> Species(IEnumerable<Flower> flowers) => flowers.Select(f => f.Species).Distinct(StringComparer.Ordinal).ToList();

    private static double Number(string field, string column, string where)
    {
        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new SigmoidTorchException($"{where}: {column} '{field}' is not a finite number");
        return value;
    }
}

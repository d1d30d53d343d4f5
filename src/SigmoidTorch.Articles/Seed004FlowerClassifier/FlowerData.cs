using System.Globalization;
using SigmoidTorch.Data;

namespace SigmoidTorch.Articles.Seed004FlowerClassifier;

/// <summary>
/// Reads flowers from CSV (RFC 4180, see <see cref="CsvReader"/>: quoted fields, CRLF, LF or CR line ends). The
/// columns are found by the header's names, in any order and with other columns beside them: petal length
/// (<c>petal_length</c>, <c>petal.length</c>, <c>PetalLengthCm</c>, <c>Petal Length (cm)</c>, …), petal width and the
/// kind (<c>species</c>, <c>variety</c> or <c>class</c>), as in seaborn's, R's, Kaggle's and most other iris.csv files.
/// Also read: scikit-learn's iris.csv (first line <c>150,4,setosa,versicolor,virginica</c>, the kind as a number), and
/// files without a header of 3 columns (petal length, petal width, kind) or 5 (UCI's iris.data: sepal length, sepal
/// width, petal length, petal width, kind). Numbers take the decimal point (<see cref="NumberText"/>); blank lines and
/// lines starting with <c>#</c> are skipped. Every problem (a missing file, a missing column, a row with another number
/// of columns, a value that is not a finite number, a control character, an empty kind, fewer than two kinds) is one
/// <see cref="SigmoidTorchException"/> naming the file and the line.
/// </summary>
public static class FlowerData
{
    /// <summary>The header of the simplest file this reads (the built-in data's).</summary>
    public const string Header = "petal_length,petal_width,species";

    /// <summary>The header of UCI's five columns, which a file without a header of five columns is read as.</summary>
    public const string FiveColumns = "sepal_length,sepal_width,petal_length,petal_width,species";

    private const string IrisResource = "SigmoidTorch.Articles.Seed004FlowerClassifier.iris-petals.csv";

    private static readonly string[] LengthNames = { "petallength" };
    private static readonly string[] WidthNames = { "petalwidth" };
    private static readonly string[] SpeciesNames = { "species", "variety", "class" };

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

    /// <summary>Reads the CSV file at <paramref name="path"/> (a regular file of at most <see cref="InputFile.MaxBytes"/>).</summary>
    public static IReadOnlyList<Flower> Load(string path)
    {
        string what = $"data file '{path}'";
        return Parse(InputFile.ReadText(path, what), what);
    }

    /// <summary>Parses CSV <paramref name="text"/>; <paramref name="source"/> names it in error messages.</summary>
    public static IReadOnlyList<Flower> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = CsvReader.Read(text, source).Where(r => r.Fields.Any(f => f.Trim(' ').Length > 0)).ToList();
        if (records.Count == 0) throw new SigmoidTorchException($"{source} holds no flowers (expected a header such as {Header}, then one flower a line)");
        var layout = Layout(records[0], source);
        var flowers = new List<Flower>();
        foreach (var record in records.Skip(layout.HasHeader ? 1 : 0))
        {
            string where = $"{source}, line {record.Line}";
            if (record.Fields.Count != layout.Columns)
                throw new SigmoidTorchException($"{where} has {record.Fields.Count} column(s), expected {layout.Columns} ({layout.Names})");
            double length = Number(record.Fields[layout.Length], "petal length", where);
            double width = Number(record.Fields[layout.Width], "petal width", where);
            string species = record.Fields[layout.Species].Trim(' ');
            if (species.Length == 0) throw new SigmoidTorchException($"{where} has an empty species");
            if (species.Any(char.IsControl)) throw new SigmoidTorchException($"{where}: the species '{species}' holds a control character");
            if (layout.ClassNames is { } names)
            {
                if (!int.TryParse(species, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= names.Count)
                    throw new SigmoidTorchException($"{where}: the class '{species}' is not one of 0 to {names.Count - 1} (the first line names {string.Join(", ", names)})");
                species = names[index];
            }
            flowers.Add(new Flower(length, width, species));
        }
        if (flowers.Count == 0) throw new SigmoidTorchException($"{source} holds no flowers, only its header");
        var kinds = Species(flowers);
        if (kinds.Count < 2)
            throw new SigmoidTorchException($"{source} holds only one kind of flower ('{kinds[0]}'): a classifier needs at least 2");
        return flowers;
    }

    /// <summary>The kinds of flower in <paramref name="flowers"/>, in order of first appearance.</summary>
    public static IReadOnlyList<string> Species(IEnumerable<Flower> flowers) => flowers.Select(f => f.Species).Distinct(StringComparer.Ordinal).ToList();

    // Where the columns are: from the header's names, scikit-learn's first line, or the column count of a file without a header.
    private sealed record ColumnLayout(bool HasHeader, int Columns, int Length, int Width, int Species, string Names, IReadOnlyList<string>? ClassNames = null);

    private static ColumnLayout Layout(CsvRecord first, string source)
    {
        var fields = first.Fields.Select(f => f.Trim(' ')).ToList();
        bool numeric = fields.Count > 0 && NumberText.TryParseDouble(fields[0], out _);
        if (fields.Count >= 4 && NumberText.IsWholeNumber(fields[0]) && NumberText.IsWholeNumber(fields[1]) && fields.Skip(2).All(f => !NumberText.TryParseDouble(f, out _)))
            return new ColumnLayout(true, 5, 2, 3, 4, "sepal length, sepal width, petal length, petal width, class number", fields.Skip(2).ToList());
        if (numeric)
        {
            return fields.Count switch
            {
                3 => new ColumnLayout(false, 3, 0, 1, 2, Header),
                5 => new ColumnLayout(false, 5, 2, 3, 4, FiveColumns),
                _ => throw new SigmoidTorchException($"{source}, line {first.Line} has {fields.Count} column(s) and no header: expected a header naming the columns, "
                    + $"or 3 columns ({Header}) or 5 ({FiveColumns})"),
            };
        }
        var normal = fields.Select(Normalize).ToList();
        int Find(string[] names, string what)
        {
            var found = Enumerable.Range(0, normal.Count).Where(i => names.Contains(normal[i])).ToList();
            return found.Count switch
            {
                1 => found[0],
                0 => throw new SigmoidTorchException($"{source}: the header (line {first.Line}) has no {what} column (it has {string.Join(", ", fields.Select(f => $"'{NumberText.Quote(f)}'"))}; "
                    + $"expected e.g. {Header})"),
                _ => throw new SigmoidTorchException($"{source}: the header (line {first.Line}) names the {what} column twice"),
            };
        }
        return new ColumnLayout(true, fields.Count, Find(LengthNames, "petal length"), Find(WidthNames, "petal width"), Find(SpeciesNames, "species"), string.Join(",", fields));
    }

    // "Petal.Length", "petal_length", "PetalLengthCm", "Petal Length (cm)" → "petallength".
    private static string Normalize(string name)
    {
        string letters = new(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        return letters.EndsWith("cm", StringComparison.Ordinal) ? letters[..^2] : letters;
    }

    private static double Number(string field, string column, string where)
    {
        if (!NumberText.TryParseDouble(field.Trim(' '), out double value) || !double.IsFinite(value))
            throw new SigmoidTorchException($"{where}: {column} '{NumberText.Quote(field)}' is not a finite number with a decimal point");
        return value;
    }
}

using System.Globalization;
using System.Text;

namespace SigmoidTorch.Articles.Seed003GradientDescentPerceptron;

/// <summary>
/// Prints float arrays the way numpy's <c>print</c> does with its default options (precision 8, floatmode
/// "maxprec", no suppression), so a port's output can be set beside a notebook's line for line: each value with at
/// most 8 decimals and no trailing zeros ("0.2688417"), all of them padded to a common width ("[-0.2688417 ]",
/// "[ 0.28990482]"), and scientific notation when the values need it (the largest ≥ 1e8, the smallest non-zero
/// magnitude &lt; 1e-4, or a ratio of largest to smallest above 1000).
/// </summary>
public static class NumpyFormat
{
    /// <summary>numpy's default print precision.</summary>
    public const int Precision = 8;

    /// <summary>
    /// A column vector ([n, 1]) as numpy prints it: <c>[[-0.16595599]</c>, newline, <c> [ 0.44064899]]</c>.
    /// </summary>
    public static string Column(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return "[]";
        var cells = Cells(values);
        var text = new StringBuilder("[");
        for (int i = 0; i < cells.Length; i++)
            text.Append(i == 0 ? "[" : "\n [").Append(cells[i]).Append(']');
        return text.Append(']').ToString();
    }

    /// <summary>A one-dimensional array as numpy prints it (short arrays only: no line wrapping): <c>[0.5 1.  2.25]</c>.</summary>
    public static string Vector(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return "[" + string.Join(" ", Cells(values)) + "]";
    }

    /// <summary>
    /// An array of any shape (row-major <paramref name="values"/>) as numpy prints it, without its line wrapping: a
    /// 0-d array as its value, rows of a matrix on lines of their own (<c>[[1. 2.]</c>, newline, <c> [3. 4.]]</c>), and
    /// a blank line between the blocks of a higher dimension.
    /// </summary>
    public static string Array(IReadOnlyList<double> values, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        var cells = Cells(values);
        if (shape.Count == 0) return cells.Length == 1 ? cells[0].Trim() : throw new ArgumentException($"a 0-d array holds one value, not {cells.Length}", nameof(values));
        var text = new StringBuilder();
        Nested(text, cells, shape, 0, 0);
        return text.ToString();
    }

    // Dimension `dim` of the block that starts at cell `start`: its sub-blocks in brackets, separated as numpy separates them.
    private static void Nested(StringBuilder text, string[] cells, IReadOnlyList<long> shape, int dim, long start)
    {
        text.Append('[');
        long stride = 1;
        for (int d = dim + 1; d < shape.Count; d++) stride *= shape[d];
        for (long i = 0; i < shape[dim]; i++)
        {
            if (dim == shape.Count - 1)
            {
                if (i > 0) text.Append(' ');
                text.Append(cells[start + i]);
                continue;
            }
            if (i > 0) text.Append('\n', shape.Count - dim - 1).Append(' ', dim + 1);
            Nested(text, cells, shape, dim + 1, start + i * stride);
        }
        text.Append(']');
    }

    /// <summary>The values formatted and padded to a common width, as numpy lays out the elements of one array.</summary>
    public static string[] Cells(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = values.Where(double.IsFinite).ToArray();
        var nonZero = finite.Where(v => v != 0).Select(Math.Abs).ToArray();
        bool scientific = nonZero.Length > 0 && (nonZero.Max() >= 1e8 || nonZero.Min() < 1e-4 || nonZero.Max() / nonZero.Min() > 1000);
        return scientific ? Scientific(values, finite) : Positional(values, finite);
    }

    private static string[] Positional(IReadOnlyList<double> values, double[] finite)
    {
        // Every finite value with up to 8 decimals, trailing zeros trimmed (a whole number keeps its point: "1.").
        var parts = finite.Select(v => SplitPoint(TrimZeros(v.ToString("F" + Precision, CultureInfo.InvariantCulture)))).ToArray();
        int padLeft = parts.Length > 0 ? parts.Max(p => p.Int.Length) : 0;
        int padRight = parts.Length > 0 ? parts.Max(p => p.Frac.Length) : 0;
        padLeft = Math.Max(padLeft, NonFiniteWidth(values) - padRight - 1);
        return values.Select(v =>
        {
            if (!double.IsFinite(v)) return NonFinite(v).PadLeft(padLeft + padRight + 1);
            var (integer, fraction) = SplitPoint(TrimZeros(v.ToString("F" + Precision, CultureInfo.InvariantCulture)));
            return integer.PadLeft(padLeft) + "." + fraction.PadRight(padRight);
        }).ToArray();
    }

    private static string[] Scientific(IReadOnlyList<double> values, double[] finite)
    {
        // numpy first finds the longest trimmed mantissa, then prints every value with that many digits.
        var parsed = finite.Select(v => ParseScientific(v)).ToArray();
        int digits = parsed.Max(p => p.Frac.TrimEnd('0').Length);
        int expDigits = Math.Max(2, parsed.Max(p => Math.Abs(p.Exponent).ToString(CultureInfo.InvariantCulture).Length));
        int padLeft = parsed.Max(p => p.Int.Length);
        var cells = values.Select(v =>
        {
            if (!double.IsFinite(v)) return null;
            var p = ParseScientific(v, digits);
            string exponent = (p.Exponent < 0 ? "-" : "+") + Math.Abs(p.Exponent).ToString(CultureInfo.InvariantCulture).PadLeft(expDigits, '0');
            return p.Int.PadLeft(padLeft) + "." + p.Frac + "e" + exponent;
        }).ToArray();
        int width = cells.Where(c => c is not null).Max(c => c!.Length);
        return cells.Select((c, i) => c ?? NonFinite(values[i]).PadLeft(width)).ToArray();
    }

    private static (string Int, string Frac, int Exponent) ParseScientific(double v, int digits = Precision)
    {
        // .NET rounds the exact binary value, as numpy's Dragon4 does: "-2.68841698E-001".
        string text = v.ToString("E" + digits, CultureInfo.InvariantCulture);
        int e = text.IndexOf('E', StringComparison.Ordinal);
        var (integer, fraction) = SplitPoint(text[..e]);
        return (integer, fraction, int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
    }

    private static string TrimZeros(string fixedText) => fixedText.Contains('.', StringComparison.Ordinal) ? fixedText.TrimEnd('0') : fixedText + ".";

    private static (string Int, string Frac) SplitPoint(string text)
    {
        int point = text.IndexOf('.', StringComparison.Ordinal);
        return point < 0 ? (text, "") : (text[..point], text[(point + 1)..]);
    }

    private static int NonFiniteWidth(IReadOnlyList<double> values) =>
        values.Where(v => !double.IsFinite(v)).Select(v => NonFinite(v).Length).DefaultIfEmpty(0).Max();

    private static string NonFinite(double v) => double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace SigmoidTorch.Data;

/// <summary>
/// Reads numbers from text one way on every machine and in every locale: the decimal point is the only decimal
/// separator, there are no thousands separators, no spaces and no control characters (.NET's own parsing follows the
/// current culture, reads "1,5" as 15 in English, and ignores trailing NUL characters). A comma separates the values
/// of a list: <c>0,6.28</c> is two numbers.
/// </summary>
public static partial class NumberText
{
    /// <summary>The separator of the values in a list.</summary>
    public const char ListSeparator = ',';

    /// <summary>
    /// Reads <paramref name="text"/> as a number: an optional sign, digits with an optional decimal point and an optional
    /// exponent (<c>-1.5</c>, <c>.5</c>, <c>2e-3</c>), or <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>; a value beyond
    /// ±1.8e308 reads as ±Infinity. Anything else is false.
    /// </summary>
    public static bool TryParseDouble(string? text, out double value)
    {
        value = 0;
        return text is not null && (Decimal().IsMatch(text) || Special().IsMatch(text))
            && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads <paramref name="text"/> as a whole number in the range of <see cref="long"/>: an optional sign and digits.</summary>
    public static bool TryParseInt64(string? text, out long value)
    {
        value = 0;
        return text is not null && Whole().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Whether <paramref name="text"/> is a whole number written as <see cref="TryParseInt64"/> reads it, whatever its size.</summary>
    public static bool IsWholeNumber(string? text) => text is not null && Whole().IsMatch(text);

    /// <summary>
    /// What is wrong with <paramref name="text"/> as a number, for a message that goes on with "got '…'":
    /// "a number with a decimal point, e.g. 1.5" when it holds a decimal comma, else "a number".
    /// </summary>
    public static string Expected(string text) =>
        text.Contains(ListSeparator, StringComparison.Ordinal) && TryParseDouble(text.Replace(ListSeparator, '.'), out _)
            ? $"a number with a decimal point, e.g. {text.Replace(ListSeparator, '.')}"
            : "a number";

    /// <summary>
    /// Reads a comma-separated list of numbers (<c>0,6.28</c>); spaces around the values are allowed. Throws a one-line
    /// <see cref="SigmoidTorchException"/> that names <paramref name="what"/>, shows the expected form
    /// <paramref name="form"/> (e.g. <c>MIN,MAX</c>) with <paramref name="example"/>, and quotes the text, when a value
    /// is not a number or the list does not hold from <paramref name="minCount"/> to <paramref name="maxCount"/> values.
    /// </summary>
    public static double[] ParseList(string? text, string what, string form, string example, int minCount = 1, int maxCount = int.MaxValue)
    {
        string given = text ?? "";
        string expected = $"{what} expects {form}: numbers with a decimal point, separated by commas, e.g. {example}";
        string[] parts = given.Split(ListSeparator);
        if (given.Trim().Length == 0 || parts.Length < minCount || parts.Length > maxCount)
        {
            string count = minCount == maxCount ? $"{minCount}" : maxCount == int.MaxValue ? $"at least {minCount}" : $"{minCount} to {maxCount}";
            throw new SigmoidTorchException($"{expected} ({count} value{(maxCount == 1 ? "" : "s")}); got '{Quote(given)}'");
        }
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!TryParseDouble(parts[i].Trim(' '), out values[i]))
                throw new SigmoidTorchException($"{expected}; '{Quote(parts[i])}' in '{Quote(given)}' is not a number");
        return values;
    }

    /// <summary>The values as <see cref="ParseList"/> reads them back: <c>0,6.28</c>.</summary>
    public static string FormatList(IEnumerable<double> values) =>
        string.Join(ListSeparator, values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>At most 60 characters of <paramref name="text"/>, for quoting in a message.</summary>
    public static string Quote(string text) => text.Length > 60 ? text[..60] + "…" : text;

    [GeneratedRegex(@"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Decimal();

    [GeneratedRegex(@"^[+-]?(?:NaN|Infinity)\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Special();

    [GeneratedRegex(@"^[+-]?[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Whole();
}

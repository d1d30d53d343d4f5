using System.CommandLine;
using System.CommandLine.Parsing;
using SigmoidTorch.Data;

namespace SigmoidTorch.Cli;

/// <summary>
/// One way of reading the numbers of every numeric flag of every program, whatever the locale: System.CommandLine's
/// own conversion follows the current culture and accepts thousands separators (<c>--lr 1,5</c> would train with 15);
/// <see cref="Apply"/> gives every numeric option a parser that takes the decimal point only (<see cref="NumberText"/>)
/// and says what it expected: <c>--lr expects a number with a decimal point, e.g. 1.5, got '1,5'</c>.
/// Lists (<c>double[]</c>) are one word with commas between the values (<see cref="OptionFactory.NumberList"/>).
/// </summary>
public static class NumberParsing
{
    /// <summary>Sets the parser of every numeric option of <paramref name="command"/> that has none of its own yet.</summary>
    public static void Apply(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in command.Options)
        {
            switch (option)
            {
                case Option<int> o when o.CustomParser is null:
                    o.CustomParser = r => (int)Whole(r, int.MinValue, int.MaxValue);
                    break;
                case Option<int?> o when o.CustomParser is null:
                    o.CustomParser = r => (int)Whole(r, int.MinValue, int.MaxValue);
                    break;
                case Option<long> o when o.CustomParser is null:
                    o.CustomParser = r => Whole(r, long.MinValue, long.MaxValue);
                    break;
                case Option<double> o when o.CustomParser is null:
                    o.CustomParser = Real;
                    break;
                case Option<double?> o when o.CustomParser is null:
                    o.CustomParser = r => Real(r);
                    break;
                case Option<double[]> o when o.CustomParser is null:
                    throw new InvalidOperationException($"{o.Name}: make number lists with OptionFactory.NumberList (one word, values separated by commas)");
            }
        }
    }

    // A whole number: "--epochs expects a whole number, got '1.5'"; "… without separators, e.g. 1000, got '1,000'".
    private static long Whole(ArgumentResult r, long min, long max)
    {
        string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        string name = OptionName(r);
        if (NumberText.TryParseInt64(text, out long value) && value >= min && value <= max) return value;
        if (NumberText.IsWholeNumber(text))
            r.AddError($"{name} expects a whole number from {min} to {max}, got '{NumberText.Quote(text)}'");
        else if (text.Contains(NumberText.ListSeparator, StringComparison.Ordinal) && NumberText.IsWholeNumber(text.Replace(",", "", StringComparison.Ordinal)))
            r.AddError($"{name} expects a whole number without separators, e.g. {text.Replace(",", "", StringComparison.Ordinal)}, got '{NumberText.Quote(text)}'");
        else
            r.AddError($"{name} expects a whole number, got '{NumberText.Quote(text)}'");
        return 0;
    }

    // A number: "--lr expects a number, got 'fast'"; "--lr expects a number with a decimal point, e.g. 1.5, got '1,5'";
    // "--lr: '1e309' is beyond the largest number a float64 holds (about 1.8e308)".
    private static double Real(ArgumentResult r)
    {
        string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (!NumberText.TryParseDouble(text, out double value))
            r.AddError($"{OptionName(r)} expects {NumberText.Expected(text)}, got '{NumberText.Quote(text)}'");
        else if (OutOfRange(text, value) is { } why)
            r.AddError($"{OptionName(r)}: {why}");
        return value;
    }

    /// <summary>
    /// Why <paramref name="text"/>, read as <paramref name="value"/>, is not the number typed: beyond ±1.8e308 it reads
    /// as infinity, below about 4.9e-324 as 0. Null when the value is the number typed (to the nearest double).
    /// </summary>
    internal static string? OutOfRange(string text, double value)
    {
        string mantissa = text.Split('e', 'E')[0];
        if (double.IsInfinity(value) && !mantissa.Contains("Infinity", StringComparison.OrdinalIgnoreCase))
            return $"'{NumberText.Quote(text)}' is beyond the largest number a float64 holds (about 1.8e308)";
        if (value == 0 && mantissa.Any(c => c is >= '1' and <= '9'))
            return $"'{NumberText.Quote(text)}' is too close to 0 to be told from it (the smallest number above 0 a float64 holds is about 4.9e-324)";
        return null;
    }

    private static string OptionName(ArgumentResult r) => r.Parent is OptionResult o ? o.Option.Name : "the value";
}

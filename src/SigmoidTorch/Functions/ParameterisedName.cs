using System.Globalization;

namespace SigmoidTorch.Functions;

/// <summary>
/// The name of a catalogue entry that takes numbers (softplus's β and threshold, leaky ReLU's slope, ELU's α, Huber's δ),
/// as checkpoints, JSON and <c>Parse</c> write it: the plain name where every number is libtorch's default
/// (<c>leaky-relu</c>), else the name with its numbers in parentheses, trailing defaults left out (<c>leaky-relu(0.2)</c>,
/// <c>softplus(2)</c>, <c>softplus(1,10)</c>). Each number is written in its shortest form that reads back to the same
/// double (invariant culture), so a name read back gives the same function to the last bit.
/// </summary>
internal static class ParameterisedName
{
    /// <summary>The name of <paramref name="name"/> with these <paramref name="values"/>, whose defaults are <paramref name="defaults"/>.</summary>
    public static string Format(string name, IReadOnlyList<double> values, IReadOnlyList<double> defaults)
    {
        int given = values.Count;
        while (given > 0 && values[given - 1].Equals(defaults[given - 1])) given--;
        return given == 0 ? name : $"{name}({string.Join(",", values.Take(given).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))})";
    }

    /// <summary>
    /// Splits <c>name(v1,v2,…)</c> into the name and its numbers (spaces allowed around each); a name without
    /// parentheses has none. False when the parentheses or a number do not read.
    /// </summary>
    public static bool TryParse(string text, out string name, out double[] values)
    {
        (name, values) = (text.Trim(), []);
        int open = name.IndexOf('(', StringComparison.Ordinal);
        if (open < 0) return true;
        if (!name.EndsWith(')')) return false;
        var parts = name[(open + 1)..^1].Split(',');
        values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                return false;
        name = name[..open].Trim();
        return true;
    }

    /// <summary>Throws a one-line error unless <paramref name="value"/> is finite (and above 0 when <paramref name="positive"/>).</summary>
    public static double Check(string what, double value, bool positive = false) =>
        double.IsFinite(value) && (!positive || value > 0) ? value
            : throw new SigmoidTorchException($"{what} must be a finite number{(positive ? " above 0" : "")}, got {value.ToString("R", CultureInfo.InvariantCulture)}");
}

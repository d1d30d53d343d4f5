using System.CommandLine;
using System.CommandLine.Parsing;

namespace SigmoidTorch.Cli;

/// <summary>Options with their range checked at parse time, so a bad value is a usage error (exit 2).</summary>
public static class OptionFactory
{
    /// <summary>An integer option that must be at least <paramref name="min"/>.</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min = 1)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (TryGetValue(r, out int value) && value < min) r.AddError($"{name} must be at least {min}, got {value}");
        });
        return option;
    }

    /// <summary>A floating-point option that must be finite and above 0.</summary>
    public static Option<double> PositiveDouble(string name, string description, double defaultValue)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (TryGetValue(r, out double value) && (!double.IsFinite(value) || value <= 0)) r.AddError($"{name} must be a finite number above 0, got {value}");
        });
        return option;
    }

    /// <summary>
    /// The value of <paramref name="result"/> for a validator, or false when its text does not convert to
    /// <typeparamref name="T"/> (System.CommandLine reports that error itself; reading the value would throw).
    /// </summary>
    public static bool TryGetValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    /// <summary>A string option restricted to <paramref name="choices"/>.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }
}

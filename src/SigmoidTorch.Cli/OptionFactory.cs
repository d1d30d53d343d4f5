using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;
using SigmoidTorch.Data;

namespace SigmoidTorch.Cli;

/// <summary>Options with their range checked at parse time, so a bad value is a usage error (exit 2).</summary>
public static class OptionFactory
{
    /// <summary>An integer option from <paramref name="min"/> to <paramref name="max"/> (the bound is shown in --help when there is one).</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min = 1, int max = int.MaxValue)
    {
        var option = new Option<int>(name)
        {
            Description = max == int.MaxValue ? description : $"{description} (at most {RunLimitsText(max)})",
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(r =>
        {
            if (!TryGetValue(r, out int value)) return;
            if (value < min) r.AddError($"{name} must be at least {min}, got {value}");
            else if (value > max) r.AddError($"{name} must be at most {RunLimitsText(max)}, got {value}");
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
    /// A list of numbers written as one word with commas between the values (<c>--domain 0,6.28</c>: the comma separates
    /// values, the decimal point is the only decimal separator), of <paramref name="minCount"/> to
    /// <paramref name="maxCount"/> finite values; <paramref name="form"/> (e.g. <c>MIN,MAX</c>) is its name in --help and
    /// in its errors, which show an example: <paramref name="example"/>, or the default. <paramref name="value"/> names
    /// one value in messages ("a layer size is missing between two commas").
    /// </summary>
    public static Option<double[]> NumberList(string name, string description, string form, IReadOnlyList<double>? defaultValue,
                                              int minCount = 1, int maxCount = int.MaxValue, string? example = null, string value = "value")
    {
        string shown = example ?? (defaultValue is null ? "1.5,2" : NumberText.FormatList(defaultValue));
        var option = new Option<double[]>(name)
        {
            Description = defaultValue is null ? description : $"{description} [default: {NumberText.FormatList(defaultValue)}]",
            HelpName = form,
            Arity = ArgumentArity.ExactlyOne,
            AllowMultipleArgumentsPerToken = false,
        };
        // Not a DefaultValueFactory: --help would show it as "0|6.28", not in the syntax the flag takes. ListValue supplies it.
        Lists.AddOrUpdate(option, new ListInfo(defaultValue?.ToArray() ?? Array.Empty<double>(), shown));
        option.CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            string[] parts = text.Split(NumberText.ListSeparator);
            if (parts.Length > 1 && Array.FindIndex(parts, p => p.Trim().Length == 0) is >= 0 and var empty)
            {
                string where = empty == 0 ? "before the first comma" : empty == parts.Length - 1 ? "after the last comma" : "between two commas";
                r.AddError($"{name}: a {value} is missing {where} in '{NumberText.Quote(text)}' (write them as {shown})");
                return null;
            }
            try
            {
                double[] values = NumberText.ParseList(text, name, form, shown, minCount, maxCount);
                for (int i = 0; i < values.Length; i++)
                {
                    if (NumberParsing.OutOfRange(parts[i].Trim(), values[i]) is { } why)
                        r.AddError($"{name}: {why}, in '{NumberText.Quote(text)}'");
                    else if (!double.IsFinite(values[i]))
                        r.AddError($"{name} takes finite numbers, got {values[i]} in '{NumberText.Quote(text)}'");
                    else continue;
                    break;
                }
                return values;
            }
            catch (SigmoidTorchException e)
            {
                r.AddError(e.Message);
                return null;
            }
        };
        return option;
    }

    /// <summary>
    /// The layer sizes of a network as one word, <c>64,30,10</c> (inputs first, outputs last): whole numbers of at least 1,
    /// at least two of them and at most <see cref="Limits.RunLimits.MaxLayers"/> + 1. Read them with <see cref="Sizes"/>.
    /// </summary>
    public static Option<double[]> LayerSizes(string name, string description, IReadOnlyList<int>? defaultValue, string example)
    {
        var option = NumberList(name, description, "N0,N1,…,NL", defaultValue?.Select(n => (double)n).ToList(), example: example, value: "layer size");
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double[]>() is not { } sizes) return;
            string given = NumberText.Quote(r.Tokens.Count > 0 ? r.Tokens[0].Value : "");
            int bad = Array.FindIndex(sizes, n => !(n >= 1 && n <= int.MaxValue && n == Math.Floor(n)));
            if (sizes.Length < 2)
                r.AddError($"{name} needs at least two sizes, the inputs and the outputs (e.g. {example}), got '{given}'");
            else if (sizes.Length > Limits.RunLimits.MaxLayers + 1)
                r.AddError($"{name} lists {sizes.Length} sizes, more than the {Limits.RunLimits.MaxLayers + 1} of a network of {Limits.RunLimits.MaxLayers} layers");
            else if (bad >= 0)
                r.AddError($"{name} takes whole numbers of at least 1 (units in a layer), got {sizes[bad].ToString("R", System.Globalization.CultureInfo.InvariantCulture)} in '{given}'");
        });
        return option;
    }

    /// <summary>The sizes of a <see cref="LayerSizes"/> option: as given, or its default.</summary>
    public static int[] Sizes(ParseResult result, Option<double[]> option) => ListValue(result, option).Select(n => (int)n).ToArray();

    /// <summary>The values of a <see cref="NumberList"/> option: as given, or its default (empty when it has none).</summary>
    public static double[] ListValue(ParseResult result, Option<double[]> option)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.GetValue(option) is { Length: > 0 } given ? given : ListDefault(option);
    }

    /// <summary>The default values of a <see cref="NumberList"/> option (empty when it has none).</summary>
    public static double[] ListDefault(Option<double[]> option) =>
        Lists.TryGetValue(option, out var list) ? list.Default.ToArray() : Array.Empty<double>();

    /// <summary>The example a <see cref="NumberList"/> option shows in its errors (e.g. <c>0,6.28</c>), or null for another option.</summary>
    public static string? ListExample(Option option) => Lists.TryGetValue(option, out var list) ? list.Example : null;

    /// <summary>A file the program reads: shown as FILE in --help; an empty name is a usage error.</summary>
    public static Option<string?> InputFile(string name, string description) => PathOption(name, description, PathRole.InputFile);

    /// <summary>A file the program writes (atomically): shown as FILE in --help; an empty name is a usage error.</summary>
    public static Option<string?> OutputFile(string name, string description) => PathOption(name, description, PathRole.OutputFile);

    /// <summary>The folder the program writes its files into: shown as FOLDER in --help; an empty name is a usage error.</summary>
    public static Option<string> OutputFolder(string name, string description, string defaultValue)
    {
        var option = PathOption(name, description, PathRole.OutputFolder);
        option.DefaultValueFactory = _ => defaultValue;
        return option!;
    }

    private static Option<string?> PathOption(string name, string description, PathRole role)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = role == PathRole.OutputFolder ? "FOLDER" : "FILE" };
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && r.Tokens[0].Value.Trim().Length == 0)
                r.AddError($"{name} needs a {(role == PathRole.OutputFolder ? "folder" : "file")} name, got '{r.Tokens[0].Value}'");
        });
        PathRoles.AddOrUpdate(option, role);
        return option;
    }

    /// <summary>What a path option names, when it was made by <see cref="InputFile"/>, <see cref="OutputFile"/> or <see cref="OutputFolder"/>.</summary>
    public static PathRole? RoleOf(Option option) => PathRoles.TryGetValue(option, out object? role) ? (PathRole)role : null;

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

    /// <summary>
    /// A string option restricted to <paramref name="choices"/>, with <paramref name="defaultValue"/> when it is not
    /// given (null: none, when the default depends on other flags; the description then says what it is).
    /// </summary>
    public static Option<string> Choice(string name, string description, string? defaultValue, params string[] choices)
    {
        var option = new Option<string>(name) { Description = description };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        option.AcceptOnlyFromAmong(choices);
        Choices.AddOrUpdate(option, choices);
        return option;
    }

    /// <summary>The values a <see cref="Choice"/> option takes, or null for another option.</summary>
    public static IReadOnlyList<string>? ChoicesOf(Option option) => Choices.TryGetValue(option, out var choices) ? choices : null;

    private static readonly ConditionalWeakTable<Option, object> PathRoles = new();

    private static readonly ConditionalWeakTable<Option, ListInfo> Lists = new();

    private static readonly ConditionalWeakTable<Option, string[]> Choices = new();

    private sealed record ListInfo(double[] Default, string Example);

    private static string RunLimitsText(int max) => Limits.RunLimits.Count(max);
}

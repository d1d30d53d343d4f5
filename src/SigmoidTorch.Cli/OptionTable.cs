using System.CommandLine;
using System.Text.Json;

namespace SigmoidTorch.Cli;

/// <summary>
/// A program's flags as data: name, value type, arity, what a path flag names, its form in --help, an example value of
/// a number list, and whether it is one of the flags every program shares (<see cref="CommonOptions"/>). With the
/// environment variable <see cref="EnvironmentVariable"/> set to 1, a program prints this table as JSON on stdout and
/// exits without running: tests generate their hostile cases from it, so a new flag is covered the day it appears.
/// </summary>
public static class OptionTable
{
    /// <summary>The environment variable that asks for the table.</summary>
    public const string EnvironmentVariable = "SIGMOIDTORCH_OPTION_TABLE";

    /// <summary>Whether this run asks for the table.</summary>
    public static bool Requested => Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    /// <summary>The options of <paramref name="command"/> as a JSON array of objects; <paramref name="common"/> tells the shared ones.</summary>
    public static string Json(Command command, CommonOptions common)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(common);
        var rows = command.Options.Where(o => !o.Hidden && o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name != "--help" && o.Name != "--version").Select(o => new
        {
            name = o.Name,
            type = TypeName(o.ValueType),
            arity_min = o.Arity.MinimumNumberOfValues,
            arity_max = o.Arity.MaximumNumberOfValues,
            role = OptionFactory.RoleOf(o) switch
            {
                PathRole.InputFile => "input_file",
                PathRole.OutputFile => "output_file",
                PathRole.OutputFolder => "output_folder",
                _ => null,
            },
            form = o.HelpName,
            example = OptionFactory.ListExample(o),
            shared = common.Shared.Contains(o),
        });
        return JsonSerializer.Serialize(rows);
    }

    private static string TypeName(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) => "whole",
        var t when t == typeof(double) => "number",
        var t when t == typeof(double[]) => "number_list",
        var t when t == typeof(bool) => "flag",
        _ => "text",
    };
}

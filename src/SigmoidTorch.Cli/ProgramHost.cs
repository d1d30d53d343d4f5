using System.CommandLine;
using System.CommandLine.Parsing;
using SigmoidTorch.Devices;

namespace SigmoidTorch.Cli;

/// <summary>
/// Runs an example program: parses its flags, turns every failure into one line on stderr and an exit code
/// (<see cref="ExitCodes"/>), and never lets an exception dump reach the user unless --verbose asks for it.
/// </summary>
public static class ProgramHost
{
    /// <summary>
    /// Parses <paramref name="args"/> with <paramref name="command"/> and runs <paramref name="body"/>; returns the exit code.
    /// Bad flags give <see cref="ExitCodes.BadUsage"/>; a <see cref="SigmoidTorchException"/> or any other error gives
    /// <see cref="ExitCodes.Failure"/>; <c>--help</c> prints help and gives <see cref="ExitCodes.Success"/>.
    /// </summary>
    public static int Run(string[] args, RootCommand command, CommonOptions options, Func<ParseResult, RunContext, int> body)
    {
        string name = Path.GetFileNameWithoutExtension(Environment.ProcessPath) is { } p && p != "dotnet" ? p : command.Name;
        options.AddTo(command);
        int exitCode = ExitCodes.Success;
        command.SetAction(result =>
        {
            bool verbose = result.GetValue(options.Verbose);
            try
            {
                var run = new RunContext(result, options);
                var libtorch = TorchRuntime.Libtorch;
                if (verbose) Console.Error.WriteLine($"{name}: {libtorch.Summary}");
                if (libtorch.Note is { } note) Console.Error.WriteLine($"{name}: note: {note}");
                exitCode = body(result, run);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"{name}: error: {Describe(e).ReplaceLineEndings(" ")}");
                if (verbose)
                    Console.Error.WriteLine(e is TorchLoadException load ? load.LoaderTrace : e.ToString());
                exitCode = ExitCodes.Failure;
            }
        });

        ParseResult parsed;
        try
        {
            parsed = command.Parse(args);
        }
        catch (Exception e)
        {
            // A validator that reads a value System.CommandLine could not convert ("--epochs x") throws instead of reporting.
            string message = e is InvalidOperationException ? OneLine(e.Message, OptionBefore(args, e.Message)) : $"unexpected {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
            Console.Error.WriteLine($"{name}: {message} (see {name} --help)");
            return ExitCodes.BadUsage;
        }
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"{name}: {OneLine(parsed.Errors[0])} (see {name} --help)");
            return ExitCodes.BadUsage;
        }
        int invoked = parsed.Invoke();
        return invoked != 0 ? invoked : exitCode;
    }

    /// <summary>
    /// A parse error as one line, naming the option it is about: System.CommandLine lists allowed values on lines of
    /// their own ("Must be one of:\n\t'a'\n\t'b'"), which become "Must be one of: 'a', 'b'".
    /// </summary>
    public static string OneLine(ParseError error) => OneLine(error.Message, error.SymbolResult switch
    {
        OptionResult o => o.Option.Name,
        ArgumentResult { Parent: OptionResult o } => o.Option.Name,
        _ => null,
    });

    private static string OneLine(string text, string? option)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string message = lines.Length switch
        {
            0 => "bad command line",
            1 => lines[0],
            _ => $"{lines[0]} {string.Join(", ", lines.Skip(1))}",
        };
        message = Plain(message);
        return option is not null && !message.Contains(option, StringComparison.Ordinal) ? $"{option}: {message}" : message;
    }

    // The option whose value a message quotes ("Argument 'cnn' not recognized"): the flag just before that value in args.
    private static string? OptionBefore(string[] args, string message)
    {
        var quoted = System.Text.RegularExpressions.Regex.Match(message, "^Argument '(.*?)'");
        if (!quoted.Success) return null;
        int i = Array.IndexOf(args, quoted.Groups[1].Value);
        return i > 0 && args[i - 1].StartsWith('-') ? args[i - 1] : null;
    }

    // "Cannot parse argument 'x' for option '--lr' as expected type 'System.Nullable`1[System.Double]'." → "--lr expects a number, got 'x'".
    private static string Plain(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"^Cannot parse argument '(.*)' for option '(.*)' as expected type '(?:System\.Nullable`1\[)?System\.(\w+)\]?'\.?$");
        if (!m.Success) return message;
        string kind = m.Groups[3].Value switch
        {
            "Int32" or "Int64" => "a whole number",
            "Double" or "Single" => "a number",
            "Boolean" => "true or false",
            var other => $"a value of type {other}",
        };
        return $"{m.Groups[2].Value} expects {kind}, got '{m.Groups[1].Value}'";
    }

    /// <summary>The one-line message for an error: its own for a <see cref="SigmoidTorchException"/>, else its type and message.</summary>
    public static string Describe(Exception e) => e switch
    {
        SigmoidTorchException s => s.Message,
        TypeInitializationException or DllNotFoundException => TorchRuntime.Explain(e),
        IOException or UnauthorizedAccessException => e.Message,
        _ when CudaFailure.Explain(e) is { } cuda => cuda,
        _ => $"unexpected {e.GetType().Name}: {e.Message.Split('\n')[0]} (run with --verbose for details)",
    };
}

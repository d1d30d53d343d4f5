using System.CommandLine;
using System.CommandLine.Parsing;
using SigmoidTorch.Devices;
using SigmoidTorch.Limits;

namespace SigmoidTorch.Cli;

/// <summary>
/// Runs an example program: parses its flags, turns every failure into one line on stderr and an exit code
/// (<see cref="ExitCodes"/>), and never lets an exception dump reach the user unless --verbose asks for it.
/// </summary>
public static class ProgramHost
{
    /// <summary>
    /// Parses <paramref name="args"/> with <paramref name="command"/> and runs <paramref name="body"/>; returns the exit code.
    /// Bad flags (and a <see cref="UsageException"/> or <see cref="ResourceLimitException"/> from the body) give <see cref="ExitCodes.BadUsage"/>; a <see cref="SigmoidTorchException"/> or any other error gives
    /// <see cref="ExitCodes.Failure"/>; <c>--help</c> prints help and gives <see cref="ExitCodes.Success"/>. The standard
    /// streams are guarded first (<see cref="StandardStreams"/>): closed, full or gone, they never crash the program.
    /// </summary>
    public static int Run(string[] args, RootCommand command, CommonOptions options, Func<ParseResult, RunContext, int> body)
    {
        StandardStreams.Guard();
        string name = Path.GetFileNameWithoutExtension(Environment.ProcessPath) is { } p && p != "dotnet" ? p : command.Name;
        options.AddTo(command);
        NumberParsing.Apply(command);
        if (OptionTable.Requested)
        {
            Console.Out.WriteLine(OptionTable.Json(command, options));
            return ExitCodes.Success;
        }
        int exitCode = ExitCodes.Success;
        RunContext? run = null;
        command.SetAction(result =>
        {
            bool verbose = result.GetValue(options.Verbose);
            try
            {
                run = new RunContext(result, options);
                var libtorch = TorchRuntime.Libtorch;
                if (verbose) Console.Error.WriteLine($"{name}: {libtorch.Summary}");
                if (libtorch.Note is { } note) Console.Error.WriteLine($"{name}: note: {note}");
                exitCode = body(result, run);
            }
            catch (Exception e) when (e is ResourceLimitException or UsageException)
            {
                // A size the flags set is beyond a bound or the machine's memory, or flags that do not fit together:
                // refused before work started, like a bad flag.
                Console.Error.WriteLine($"{name}: {e.Message} (see {name} --help)");
                if (verbose) Console.Error.WriteLine(e.ToString());
                exitCode = ExitCodes.BadUsage;
            }
            catch (Exception e)
            {
                // A model trained but not saved yet (a picture, the disk or stdout failed after training) is saved elsewhere, and the line says where.
                string rescued = run?.Checkpoint.Rescue(name) ?? "";
                Console.Error.WriteLine($"{name}: error: {Describe(e).ReplaceLineEndings(" ")}{rescued}");
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
            // An option's own error ("--domain expects MIN,MAX: …") says more than the stray word it leaves behind.
            var error = parsed.Errors.OrderBy(e => e.SymbolResult is OptionResult or ArgumentResult { Parent: OptionResult } ? 0 : 1).First();
            string message = OneLine(error);
            if (ListHint(command, args, parsed.Errors) is { } hint) message = $"{message}{(message.EndsWith('.') ? "" : ".")} {hint}";
            Console.Error.WriteLine($"{name}: {message} (see {name} --help)");
            return ExitCodes.BadUsage;
        }
        using var interruption = new Interruption(name, () => run);
        int invoked;
        try
        {
            invoked = parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (SigmoidTorchException e)
        {
            // --help or --version on a stdout that cannot be written (StandardStreams): the run's own errors are caught above.
            Console.Error.WriteLine($"{name}: error: {e.Message}");
            return ExitCodes.Failure;
        }
        return invoked != 0 ? invoked : exitCode;
    }

    // "--lrs 0.1 0.2" leaves "0.2" unmatched (and "--layers 64 30 10" a list too short besides): say how lists are written.
    private static string? ListHint(Command command, string[] args, IEnumerable<ParseError> errors)
    {
        foreach (var error in errors)
        {
            var stray = System.Text.RegularExpressions.Regex.Match(error.Message, "^Unrecognized command or argument '(.*)'");
            int i = stray.Success ? Array.IndexOf(args, stray.Groups[1].Value) : -1;
            if (i < 2 || command.Options.FirstOrDefault(o => o.Name == args[i - 2]) is not Option<double[]> list) continue;
            var values = args.Skip(i - 1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal));
            return $"{list.Name} takes one word, its values separated by commas: {list.Name} {string.Join(',', values)}";
        }
        return null;
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
        var missing = System.Text.RegularExpressions.Regex.Match(text, @"^Required argument missing for option: '(.*)'\.?$");
        if (missing.Success) return $"{missing.Groups[1].Value} needs a value";
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
        _ when CudaFailure.Explain(e) is { } cuda => cuda,
        OutOfMemoryException => "out of memory: the run needed more memory than .NET could get; use smaller sizes (see README, \"Limits\")",
        System.Runtime.InteropServices.ExternalException x when IsOutOfMemory(x.Message) =>
            $"out of memory: libtorch could not allocate a tensor ({x.Message.Split('\n')[0].Trim()}); use smaller sizes (see README, \"Limits\")",
        TypeInitializationException or DllNotFoundException => TorchRuntime.Explain(e),
        IOException or UnauthorizedAccessException => e.Message,
        _ => $"unexpected {e.GetType().Name}: {e.Message.Split('\n')[0]} (run with --verbose for details)",
    };

    // libtorch's words for a failed allocation: "[enforce fail at alloc_cpu.cpp:…] … DefaultCPUAllocator: can't allocate memory:
    // you tried to allocate …" (or "not enough memory"), CUDA's "CUDA out of memory".
    private static bool IsOutOfMemory(string message) =>
        message.Contains("DefaultCPUAllocator", StringComparison.Ordinal) || message.Contains("not enough memory", StringComparison.OrdinalIgnoreCase)
        || message.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase) || message.Contains("out of memory", StringComparison.OrdinalIgnoreCase);
}

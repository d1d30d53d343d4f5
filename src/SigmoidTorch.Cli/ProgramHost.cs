using System.CommandLine;
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
                exitCode = body(result, new RunContext(result, options));
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"{name}: error: {Describe(e)}");
                if (verbose)
                    Console.Error.WriteLine(e is TorchLoadException load ? load.LoaderTrace : e.ToString());
                exitCode = ExitCodes.Failure;
            }
        });

        var parsed = command.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"{name}: {parsed.Errors[0].Message} (see {name} --help)");
            return ExitCodes.BadUsage;
        }
        int invoked = parsed.Invoke();
        return invoked != 0 ? invoked : exitCode;
    }

    /// <summary>The one-line message for an error: its own for a <see cref="SigmoidTorchException"/>, else its type and message.</summary>
    public static string Describe(Exception e) => e switch
    {
        SigmoidTorchException s => s.Message,
        TypeInitializationException or DllNotFoundException => TorchRuntime.Explain(e),
        IOException or UnauthorizedAccessException => e.Message,
        _ => $"unexpected {e.GetType().Name}: {e.Message.Split('\n')[0]} (run with --verbose for details)",
    };
}

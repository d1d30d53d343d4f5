using System.Diagnostics;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// Runs an example program the way a user at a terminal does: in a pseudo-terminal made by util-linux's
/// <c>script</c>, so that stdout and stderr are both a terminal (TERM=xterm-256color, 120 × 40 characters).
/// What comes back is everything the terminal received, both streams together, escape sequences included.
/// </summary>
public static class TerminalProcess
{
    /// <summary>The terminal size the programs see.</summary>
    public const int Columns = 120, Rows = 40;

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>, on a terminal
    /// <paramref name="columns"/> wide; returns its exit code and the terminal's text.
    /// </summary>
    public static (int ExitCode, string Screen) Run(string program, IEnumerable<string> args, string workingDirectory, int timeoutSeconds = 180, int columns = Columns)
    {
        string command = $"stty cols {columns} rows {Rows}; exec " +
                         string.Join(' ', ExampleProcess.Command(program).Concat(args).Select(Quote));
        var start = new ProcessStartInfo("script")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--quiet", "--return", "--command", command, "/dev/null" }) start.ArgumentList.Add(arg);
        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("NO_COLOR");
        start.Environment.Remove("SIGMOIDTORCH_DEVICE");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start script (util-linux)");
        process.StandardInput.Close();
        var screen = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} ran longer than {timeoutSeconds} s in a terminal");
        }
        process.WaitForExit();
        return (process.ExitCode, screen.Result + errors.Result);
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

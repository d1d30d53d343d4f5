using System.Diagnostics;

namespace SigmoidTorch.Tests.Robustness;

/// <summary>What a run of an example program did.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Stdout">Everything it wrote to stdout.</param>
/// <param name="Stderr">Everything it wrote to stderr.</param>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The non-empty lines of stderr.</summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs an example program as a separate process, the way a user does (<c>dotnet &lt;Name&gt;.dll args</c>).
/// The test project references every example project, so each one's .dll, .runtimeconfig.json and .deps.json are
/// copied into the test output folder beside the native libraries it needs: a clean clone needs only
/// <c>dotnet build tests/SigmoidTorch.Tests</c>.
/// </summary>
public static class ExampleProcess
{
    /// <summary>The path of the program's assembly in the test output folder.</summary>
    public static string Assembly(string program) => Path.Combine(AppContext.BaseDirectory, program + ".dll");

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>; the
    /// environment is the test's, without <c>SIGMOIDTORCH_DEVICE</c> unless <paramref name="environment"/> sets it.
    /// </summary>
    public static ProcessResult Run(string program, IEnumerable<string> args, string workingDirectory,
                                    IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 120) =>
        Wait(StartInfo(program, args, workingDirectory, environment), $"{program} {string.Join(' ', args)}", timeoutSeconds);

    /// <summary>
    /// How <see cref="Run"/> starts <paramref name="program"/>: <c>dotnet &lt;Name&gt;.dll args</c> (see
    /// <see cref="DotnetStart"/>), without <c>SIGMOIDTORCH_DEVICE</c> unless <paramref name="environment"/> sets it,
    /// with <paramref name="prefix"/> (a command and its arguments that then run dotnet, e.g. <c>env --default-signal=INT</c>)
    /// in front when given.
    /// </summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> args, string workingDirectory,
                                             IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? prefix = null)
    {
        string assembly = Assembly(program);
        foreach (var needed in new[] { assembly, Path.ChangeExtension(assembly, ".runtimeconfig.json"), Path.ChangeExtension(assembly, ".deps.json") })
            if (!File.Exists(needed))
                throw new FileNotFoundException($"{needed} is missing: the test project must reference examples/{program}/{program}.csproj (then rebuild it)");

        var variables = new Dictionary<string, string?> { ["SIGMOIDTORCH_DEVICE"] = null };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            variables[name] = value;
        return DotnetStart(args.Prepend(assembly).ToList(), workingDirectory, variables, prefix);
    }

    /// <summary>
    /// Runs the dotnet host with <paramref name="arguments"/> (a program's .dll, or an SDK command such as <c>build</c>)
    /// in <paramref name="workingDirectory"/>, with the test's environment changed by <paramref name="environment"/>
    /// (a null value removes the variable); kills it after <paramref name="timeoutSeconds"/>.
    /// </summary>
    public static ProcessResult RunDotnet(IReadOnlyList<string> arguments, string workingDirectory,
                                          IReadOnlyDictionary<string, string?>? environment = null, int timeoutSeconds = 120) =>
        Wait(DotnetStart(arguments, workingDirectory, environment), $"dotnet {string.Join(' ', arguments)}", timeoutSeconds);

    /// <summary>The start of the dotnet host with <paramref name="arguments"/>, as <see cref="RunDotnet"/> runs it, stdout and stderr redirected.</summary>
    public static ProcessStartInfo DotnetStart(IReadOnlyList<string> arguments, string workingDirectory,
                                               IReadOnlyDictionary<string, string?>? environment = null, IReadOnlyList<string>? prefix = null)
    {
        var start = new ProcessStartInfo(prefix is { Count: > 0 } ? prefix[0] : DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (prefix is { Count: > 0 })
        {
            foreach (var word in prefix.Skip(1)) start.ArgumentList.Add(word);
            start.ArgumentList.Add(DotnetHost());
        }
        foreach (var arg in arguments) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        return start;
    }

    private static ProcessResult Wait(ProcessStartInfo start, string what, int timeoutSeconds)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {what}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} ran longer than {timeoutSeconds} s");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The dotnet host running this test (so the examples run on the same runtime), else the one on PATH.</summary>
    internal static string DotnetHost()
    {
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}

using System.Diagnostics;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>What a run of an example program did.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Stdout">Everything it wrote to stdout.</param>
/// <param name="Stderr">Everything it wrote to stderr.</param>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>
    /// The non-empty lines of stderr, but for the note every run prints when the libtorch it runs on is not the version
    /// TorchSharp's native library was built for (a fact of the machine, not of the run: the suite run from a bundle on a
    /// GPU machine with PyTorch 2.11 gets it on every program; InstalledLibtorchTests checks it).
    /// </summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(l => !(l.Contains(": note: ", StringComparison.Ordinal) && l.Contains("TorchSharp's native library was built for", StringComparison.Ordinal)))
        .ToArray();

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs an example program as a separate process, the way a user does (<c>dotnet &lt;Name&gt;.dll args</c>, or the
/// program's own executable where the suite runs self-contained, from a bundle, with no dotnet on the machine).
/// The test project references every example project, so each one's .dll, .runtimeconfig.json and .deps.json are
/// copied into the test output folder beside the native libraries it needs: a clean clone needs only
/// <c>dotnet build tests/SigmoidTorch.Tests</c>.
/// </summary>
public static class ExampleProcess
{
    /// <summary>The path of the program's assembly in the test output folder.</summary>
    public static string Assembly(string program) => Path.Combine(AppContext.BaseDirectory, program + ".dll");

    /// <summary>
    /// The command line that starts <paramref name="program"/>: its own executable when this suite runs self-contained
    /// (published with the runtime, as build/bundle.sh does: there may be no dotnet at all), else the dotnet host with
    /// the program's .dll.
    /// </summary>
    public static IReadOnlyList<string> Command(string program) =>
        SelfContained ? [Path.Combine(AppContext.BaseDirectory, program)] : [DotnetHost(), Assembly(program)];

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>; the
    /// environment is the test's, without <c>SIGMOIDTORCH_DEVICE</c> unless <paramref name="environment"/> sets it.
    /// </summary>
    public static ProcessResult Run(string program, IEnumerable<string> args, string workingDirectory,
                                    IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 120) =>
        Wait(StartInfo(program, args, workingDirectory, environment), $"{program} {string.Join(' ', args)}", timeoutSeconds);

    /// <summary>
    /// How <see cref="Run"/> starts <paramref name="program"/>: its <see cref="Command"/> and the args, without <c>SIGMOIDTORCH_DEVICE</c> unless <paramref name="environment"/> sets it,
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
        return Start(Command(program), args.ToList(), workingDirectory, variables, prefix);
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
                                               IReadOnlyDictionary<string, string?>? environment = null, IReadOnlyList<string>? prefix = null) =>
        Start([DotnetHost()], arguments, workingDirectory, environment, prefix);

    // The start of command + arguments (behind the prefix's command, when given), stdout and stderr redirected.
    private static ProcessStartInfo Start(IReadOnlyList<string> command, IReadOnlyList<string> arguments, string workingDirectory,
                                          IReadOnlyDictionary<string, string?>? environment, IReadOnlyList<string>? prefix)
    {
        var words = (prefix ?? []).Concat(command).Concat(arguments).ToList();
        var start = new ProcessStartInfo(words[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var word in words.Skip(1)) start.ArgumentList.Add(word);
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

    // Self-contained: the runtime's own assemblies sit in this test's folder (a framework-dependent run loads them from the shared framework).
    private static bool SelfContained =>
        string.Equals(Path.GetFullPath(Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "").TrimEnd('/'),
                      Path.GetFullPath(AppContext.BaseDirectory).TrimEnd('/'), StringComparison.Ordinal);
}

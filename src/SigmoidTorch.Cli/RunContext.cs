using System.CommandLine;

namespace SigmoidTorch.Cli;

/// <summary>
/// A program run as the shared flags resolved it, one part per job: <see cref="Options"/> (device, dtype, seed, --json,
/// --verbose), <see cref="Training"/> (trainer and step), <see cref="Weights"/> (what the model starts from),
/// <see cref="Output"/> (report, progress, pictures and files) and <see cref="Checkpoint"/> (--save).
/// </summary>
public sealed class RunContext
{
    /// <summary>Resolves the shared flags of <paramref name="result"/>; the outputs are checked before libtorch is loaded.</summary>
    public RunContext(ParseResult result, CommonOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        Options = new RunOptions(result, options);
        bool output = options.Flags.HasFlag(FlagSet.Output);
        Output = new RunOutput(Options.Json, output ? result.GetValue(options.Out)! : "", output && !result.GetValue(options.NoPlots));
        Training = new TrainingChoice(result, options);
        bool weights = options.Flags.HasFlag(FlagSet.Weights);
        Weights = new StartingWeights(weights ? result.GetValue(options.InitWeights) : null, weights ? result.GetValue(options.Load) : null, Options, Output.Report);
        Checkpoint = new CheckpointTarget(weights ? result.GetValue(options.Save) : null, Output);
        CheckOutputs();
        Options.ResolveDevice(result, options);
    }

    /// <summary>Device, dtype, seed, --json, --verbose.</summary>
    public RunOptions Options { get; }

    /// <summary>Trainer and step.</summary>
    public TrainingChoice Training { get; }

    /// <summary>What the model starts from: --load, --init-weights, or neither.</summary>
    public StartingWeights Weights { get; }

    /// <summary>Report, progress, and the files of the --out folder.</summary>
    public RunOutput Output { get; }

    /// <summary>The --save checkpoint.</summary>
    public CheckpointTarget Checkpoint { get; }

    // Where the run will write is checked before it starts, so a run is not wasted on a path that cannot take its files
    // (the files of the --out folder, when the program declares them: RunOutput.WillWrite).
    private void CheckOutputs()
    {
        StandardStreams.RequireStdout();
        if (Checkpoint.Path is not null) WriteTargets.File("--save", Checkpoint.Path);
        if (Output.OutputDirectory.Length > 0) WriteTargets.Folder("--out", Output.OutputDirectory);
    }
}

using System.CommandLine;
using SigmoidTorch.Devices;
using SigmoidTorch.Training;

namespace SigmoidTorch.Cli;

/// <summary>Which of the shared flags a program takes.</summary>
[Flags]
public enum FlagSet
{
    /// <summary>--device, --dtype, --threads, --json, --verbose.</summary>
    Basic = 0,

    /// <summary>--trainer.</summary>
    Trainer = 1,

    /// <summary>--init-weights, --save, --load.</summary>
    Weights = 2,

    /// <summary>--trainer, --init-weights, --save, --load.</summary>
    Training = Trainer | Weights,

    /// <summary>--out, --no-plots.</summary>
    Output = 4,

    /// <summary>--seed: only for programs whose results depend on random draws.</summary>
    Seed = 8,

    /// <summary>Everything.</summary>
    All = Training | Output | Seed,
}

/// <summary>The flags every example shares, added to a command with the defaults shown in <c>--help</c>.</summary>
public sealed class CommonOptions
{
    /// <summary>
    /// Creates the shared options for the program <paramref name="programName"/> (its default output folder is
    /// out/&lt;name&gt;); <paramref name="defaultSeed"/> is --seed's default.
    /// </summary>
    public CommonOptions(string programName, FlagSet flags, long defaultSeed = 0)
    {
        Flags = flags;
        Device = new Option<string>("--device")
        {
            Description = $"cpu, cuda, cuda:N or auto (CUDA when usable, else CPU); also ${DeviceSelector.EnvironmentVariable}",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(DeviceSelector.EnvironmentVariable) ?? DeviceSelector.Default,
        };
        Device.Validators.Add(r =>
        {
            string v = r.GetValueOrDefault<string>()?.Trim().ToLowerInvariant() ?? "";
            if (v is not ("cpu" or "cuda" or "auto") && !(v.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(v.AsSpan(5), out int i) && i >= 0))
                r.AddError($"--device must be cpu, cuda, cuda:N or auto, not '{v}'" + (r.Implicit ? $" (from ${DeviceSelector.EnvironmentVariable})" : ""));
        });
        DType = new Option<string>("--dtype") { Description = "float32 or float64 (numpy computes in float64)", DefaultValueFactory = _ => "float64" };
        DType.AcceptOnlyFromAmong("float32", "float64");
        Seed = new Option<long>("--seed") { Description = "seed for random initialisation and shuffling", DefaultValueFactory = _ => defaultSeed };
        Threads = OptionFactory.Int("--threads",
            $"libtorch intra-op threads; these networks are tiny, and one thread is fastest for them (more only help with large --hidden/--batch); {MaxThreadsPerCore} per core",
            1, min: 1, max: MaxThreadsPerCore * Environment.ProcessorCount);
        Json = new Option<bool>("--json") { Description = "print one JSON object on stdout and nothing else there (text goes to stderr)" };
        Verbose = new Option<bool>("--verbose") { Description = "show stack traces and loader traces on errors" };
        Trainer = new Option<string>("--trainer") { Description = "manual (hand-written backprop) or autograd (loss.backward + optim.SGD)", DefaultValueFactory = _ => "manual" };
        Trainer.AcceptOnlyFromAmong("manual", "autograd");
        InitWeights = OptionFactory.InputFile("--init-weights", "JSON file of named arrays, in the article's layout, to start from");
        Save = OptionFactory.OutputFile("--save", "save the trained model to this checkpoint file, once the whole run has succeeded (atomic)");
        Load = OptionFactory.InputFile("--load", "start from this checkpoint file");
        Out = OptionFactory.OutputFolder("--out", "folder for pictures and files", Path.Combine("out", programName));
        NoPlots = new Option<bool>("--no-plots") { Description = "write no pictures" };
    }

    /// <summary>--threads may be at most this many times the number of cores.</summary>
    public const int MaxThreadsPerCore = 4;

    /// <summary>Which flags this program takes.</summary>
    public FlagSet Flags { get; }

    /// <summary>--device.</summary>
    public Option<string> Device { get; }

    /// <summary>--dtype.</summary>
    public Option<string> DType { get; }

    /// <summary>--seed.</summary>
    public Option<long> Seed { get; }

    /// <summary>--threads.</summary>
    public Option<int> Threads { get; }

    /// <summary>--json.</summary>
    public Option<bool> Json { get; }

    /// <summary>--verbose.</summary>
    public Option<bool> Verbose { get; }

    /// <summary>--trainer.</summary>
    public Option<string> Trainer { get; }

    /// <summary>--init-weights.</summary>
    public Option<string?> InitWeights { get; }

    /// <summary>--save.</summary>
    public Option<string?> Save { get; }

    /// <summary>--load.</summary>
    public Option<string?> Load { get; }

    /// <summary>--out.</summary>
    public Option<string> Out { get; }

    /// <summary>--no-plots.</summary>
    public Option<bool> NoPlots { get; }

    /// <summary>Every shared option, whether this program takes it or not.</summary>
    public IReadOnlyList<Option> Shared => new Option[] { Device, DType, Seed, Threads, Json, Verbose, Trainer, InitWeights, Save, Load, Out, NoPlots };

    /// <summary>Adds the options this program takes to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Device, DType, Threads, Json, Verbose })
            command.Options.Add(option);
        if (Flags.HasFlag(FlagSet.Seed))
            command.Options.Add(Seed);
        if (Flags.HasFlag(FlagSet.Trainer))
            command.Options.Add(Trainer);
        if (Flags.HasFlag(FlagSet.Weights))
            foreach (var option in new Option[] { InitWeights, Save, Load })
                command.Options.Add(option);
        if (Flags.HasFlag(FlagSet.Output))
            foreach (var option in new Option[] { Out, NoPlots })
                command.Options.Add(option);
        command.Validators.Add(r =>
        {
            if (Flags.HasFlag(FlagSet.Weights) && r.GetValue(InitWeights) is not null && r.GetValue(Load) is not null)
                r.AddError("--init-weights and --load both give starting weights: use one");
        });
    }

    /// <summary>The trainer that --trainer names.</summary>
    public TrainerKind TrainerKind(ParseResult result) =>
        result.GetValue(Trainer) == "autograd" ? Training.TrainerKind.Autograd : Training.TrainerKind.Manual;
}

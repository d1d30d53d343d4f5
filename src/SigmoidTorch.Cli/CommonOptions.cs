using System.CommandLine;
using SigmoidTorch.Devices;
using SigmoidTorch.Fast;
using SigmoidTorch.Training;

namespace SigmoidTorch.Cli;

/// <summary>Which of the shared flags a program takes.</summary>
[Flags]
public enum FlagSet
{
    /// <summary>--device, --dtype, --threads, --json, --verbose.</summary>
    Basic = 0,

    /// <summary>--trainer, --step.</summary>
    Trainer = 1,

    /// <summary>--init-weights, --save, --load.</summary>
    Weights = 2,

    /// <summary>--trainer, --step, --init-weights, --save, --load.</summary>
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
        this.programName = programName;
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
        DType = OptionFactory.Choice("--dtype", "float32 or float64 (numpy computes in float64)", "float64", "float32", "float64");
        Seed = new Option<long>("--seed") { Description = "seed for random initialisation and shuffling", DefaultValueFactory = _ => defaultSeed };
        Threads = OptionFactory.Int("--threads",
            $"libtorch intra-op threads; these networks are tiny, and one thread is fastest for them (more only help with large --hidden/--batch); {MaxThreadsPerCore} per core",
            1, min: 1, max: MaxThreadsPerCore * Environment.ProcessorCount);
        Json = new Option<bool>("--json") { Description = "print one JSON object on stdout and nothing else there (text goes to stderr)" };
        Verbose = new Option<bool>("--verbose") { Description = "show stack traces and loader traces on errors" };
        Trainer = OptionFactory.Choice("--trainer", "manual (hand-written backprop) or autograd (loss.backward + optim.SGD)", "manual", "manual", "autograd");
        Step = OptionFactory.Choice("--step", "", null, StepKinds.Select(k => k.Name).ToArray());
        InitWeights = OptionFactory.InputFile("--init-weights", "JSON file of named arrays, in the article's layout, to start from");
        Save = OptionFactory.OutputFile("--save", "save the trained model to this checkpoint file, once the whole run has succeeded (atomic)");
        Load = OptionFactory.InputFile("--load", "start from this checkpoint file");
        Out = OptionFactory.OutputFolder("--out", "folder for pictures and files", Path.Combine("out", programName));
        NoPlots = new Option<bool>("--no-plots") { Description = "write no pictures" };
    }

    private readonly string programName;

    /// <summary>The steps --step names: the readable one, and the fast path's fused one.</summary>
    public static IReadOnlyList<StepKind> StepKinds { get; } = [Training.StepKind.Readable, FusedNetworkStep.Kind];

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

    /// <summary>--step: readable or fused; without it, fused where the program has a fused step for the trainer (<see cref="HasFusedStep"/>), else readable.</summary>
    public Option<string> Step { get; }

    /// <summary>
    /// Whether the program has a fused step for a trainer (none unless it says so): <c>--step fused</c> is refused
    /// where it has none, and is the default where it has one.
    /// </summary>
    public Func<TrainerKind, bool> HasFusedStep { get; init; } = _ => false;

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
    public IReadOnlyList<Option> Shared => new Option[] { Device, DType, Seed, Threads, Json, Verbose, Trainer, Step, InitWeights, Save, Load, Out, NoPlots };

    /// <summary>Adds the options this program takes to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Device, DType, Threads, Json, Verbose })
            command.Options.Add(option);
        if (Flags.HasFlag(FlagSet.Seed))
            command.Options.Add(Seed);
        if (Flags.HasFlag(FlagSet.Trainer))
        {
            Step.Description = "readable (the equations line by line, as the articles write them) or fused (the same equations fused and in place, "
                + "the fast path) [default: " + (HasFusedStep(Training.TrainerKind.Manual) || HasFusedStep(Training.TrainerKind.Autograd)
                    ? "fused where there is one for the trainer, else readable]" : "readable: this program has no fused step]");
            command.Options.Add(Trainer);
            command.Options.Add(Step);
        }
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
            // A command validator sees only the options given, and reading a value that does not convert throws.
            if (Flags.HasFlag(FlagSet.Trainer) && r.GetResult(Step) is { } step && OptionFactory.TryGetValue(step, out string? asked) && asked == "fused")
            {
                var trainer = r.GetResult(Trainer) is { } t && OptionFactory.TryGetValue(t, out string? name) && name == "autograd"
                    ? Training.TrainerKind.Autograd : Training.TrainerKind.Manual;
                if (!HasFusedStep(trainer))
                    r.AddError(HasFusedStep(Other(trainer))
                        ? $"--step fused: --trainer {Name(trainer)} has the readable step only (the fused step is --trainer {Name(Other(trainer))}'s)"
                        : $"--step fused: {programName} has no fused step (its model trains with the readable step only)");
            }
        });
    }

    /// <summary>The trainer that --trainer names.</summary>
    public TrainerKind TrainerKind(ParseResult result) =>
        result.GetValue(Trainer) == "autograd" ? Training.TrainerKind.Autograd : Training.TrainerKind.Manual;

    /// <summary>The step that --step names, or without it the default for <paramref name="trainer"/>.</summary>
    public StepKind StepKind(ParseResult result, TrainerKind trainer) => result.GetValue(Step) is { } name
        ? StepKinds.Single(k => k.Name == name)
        : HasFusedStep(trainer) ? FusedNetworkStep.Kind : Training.StepKind.Readable;

    private static TrainerKind Other(TrainerKind trainer) =>
        trainer == Training.TrainerKind.Manual ? Training.TrainerKind.Autograd : Training.TrainerKind.Manual;

    private static string Name(TrainerKind trainer) => trainer.ToString().ToLowerInvariant();
}

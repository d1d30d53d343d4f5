using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SigmoidTorch.Articles;
using SigmoidTorch.Cli.Progress;
using SigmoidTorch.Data;
using SigmoidTorch.Devices;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Cli;

/// <summary>
/// What a program run has resolved from the shared flags (device, dtype, seed, output folder, ...) and where it
/// writes: the report (stdout, or stderr under --json), JSON (stdout), progress (stderr, <see cref="Progress"/>) and files.
/// </summary>
public sealed class RunContext
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    // Config records: properties in snake_case, enums by their names in snake_case, activations and steps by name.
    private static readonly JsonSerializerOptions ConfigOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new ActivationNameConverter(), new StepKindNameConverter() },
    };

    private readonly List<string> files = new();
    private volatile bool saving;
    private readonly string? stepAsked;

    /// <summary>Resolves the shared flags of <paramref name="result"/>.</summary>
    public RunContext(ParseResult result, CommonOptions options)
    {
        Json = result.GetValue(options.Json);
        Verbose = result.GetValue(options.Verbose);
        Progress = ProgressDisplay.ForStandardError();
        Report = Progress.Wrap(Json ? Console.Error : Console.Out, sharesTerminal: Json || !Console.IsOutputRedirected);
        DType = result.GetValue(options.DType) == "float32" ? ScalarType.Float32 : ScalarType.Float64;
        Seed = options.Flags.HasFlag(FlagSet.Seed) ? result.GetValue(options.Seed) : 0;
        Trains = options.Flags.HasFlag(FlagSet.Trainer);
        Trainer = Trains ? options.TrainerKind(result) : TrainerKind.Manual;
        Step = Trains ? options.StepKind(result, Trainer) : StepKind.Readable;
        stepAsked = Trains ? result.GetValue(options.Step) : null;
        bool weights = options.Flags.HasFlag(FlagSet.Weights);
        InitWeights = weights ? result.GetValue(options.InitWeights) : null;
        SavePath = weights ? result.GetValue(options.Save) : null;
        LoadPath = weights ? result.GetValue(options.Load) : null;
        bool output = options.Flags.HasFlag(FlagSet.Output);
        OutputDirectory = output ? result.GetValue(options.Out)! : "";
        Plots = output && !result.GetValue(options.NoPlots);
        CheckOutputs();
        Device = DeviceSelector.Resolve(result.GetValue(options.Device));
        torch.set_num_threads(result.GetValue(options.Threads));
    }

    // Where the run will write is checked before it starts, so a run is not wasted on a path that cannot take its files.
    private void CheckOutputs()
    {
        if (SavePath is not null) AtomicFile.Target(SavePath);
        if (OutputDirectory.Length > 0 && FileStatus.Of(OutputDirectory).Kind is not (FileKind.Missing or FileKind.Directory) and var kind)
            throw new SigmoidTorchException($"--out '{OutputDirectory}' is {FileStatus.Describe(kind)}, not a folder");
    }

    /// <summary>The device the run uses.</summary>
    public Device Device { get; }

    /// <summary>float32 or float64.</summary>
    public ScalarType DType { get; }

    /// <summary>--seed (0 for a program that takes none: nothing it does is random).</summary>
    public long Seed { get; }

    /// <summary>Whether the program trains (takes --trainer and --step).</summary>
    public bool Trains { get; }

    /// <summary>Manual or autograd.</summary>
    public TrainerKind Trainer { get; }

    /// <summary>The step the training runs: --step, or the program's default for the trainer.</summary>
    public StepKind Step { get; private set; }

    /// <summary>
    /// Settles <see cref="Step"/> once flags beyond the trainer (a loss, say) decide whether the model has a fused step
    /// (<paramref name="fused"/>): without one the step is the readable one, and a --step fused given is refused with
    /// <paramref name="why"/>.
    /// </summary>
    public void SettleStep(bool fused, string why)
    {
        if (fused || Step == StepKind.Readable) return;
        if (stepAsked == "fused") throw new UsageException($"--step fused: {why}");
        Step = StepKind.Readable;
    }

    /// <summary>--init-weights, or null.</summary>
    public string? InitWeights { get; }

    /// <summary>--save, or null.</summary>
    public string? SavePath { get; }

    /// <summary>--load, or null.</summary>
    public string? LoadPath { get; }

    /// <summary>The folder for pictures and files.</summary>
    public string OutputDirectory { get; }

    /// <summary>False under --no-plots.</summary>
    public bool Plots { get; }

    /// <summary>--json: stdout carries one JSON object and nothing else.</summary>
    public bool Json { get; }

    /// <summary>--verbose.</summary>
    public bool Verbose { get; }

    /// <summary>Progress of long stages, on stderr: live bars on a terminal, log lines elsewhere.</summary>
    public ProgressDisplay Progress { get; }

    /// <summary>Where human-readable results go: stdout, or stderr under --json (lines written while a bar is live go above it).</summary>
    public TextWriter Report { get; }

    /// <summary>
    /// Every file this run wrote, in order, each path as the user gave it: under a relative --out (the default) relative
    /// to the working folder, under an absolute one absolute; --save's path as given.
    /// </summary>
    public IReadOnlyList<string> Files => files;

    /// <summary>The path of <paramref name="name"/> in the output folder, as the user gave the folder.</summary>
    public string OutputPath(string name) => Path.Combine(OutputDirectory, name);

    /// <summary>Writes <paramref name="bytes"/> atomically to <paramref name="name"/> in the output folder, records it and names it in the report.</summary>
    public string WriteFile(string name, byte[] bytes)
    {
        string path = OutputPath(name);
        AtomicFile.WriteAllBytes(path, bytes);
        return Wrote(path);
    }

    /// <summary>
    /// Records a file the run wrote and names it in the report ("wrote PATH"); <paramref name="path"/> is kept as given
    /// (pass the path as the user gave it, e.g. from <see cref="OutputPath"/>, not a full path made from it).
    /// </summary>
    public string Wrote(string path)
    {
        files.Add(path);
        Report.WriteLine($"wrote {path}");
        Progress.FileWritten();
        return path;
    }

    /// <summary>
    /// The weights to start a model of <paramref name="spec"/> from, by state_dict name, in the run's dtype on its
    /// device: the checkpoint of --load (which must hold a model of that spec), the arrays of --init-weights in the
    /// article's <paramref name="layout"/>, or null when neither was given. A file of the other kind is refused with a
    /// line that names the flag it goes to.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor>? StartingWeights(ModelSpec spec, WeightLayout layout) =>
        StartingWeights(spec, path => ArticleLayout.Load(spec, DType, Device, path, layout));

    /// <summary>
    /// The weights to start a model of <paramref name="spec"/> from, in the run's dtype: the checkpoint of --load
    /// (which must hold a model of that spec), the file of --init-weights as <paramref name="readInitWeights"/> reads it,
    /// or null when neither was given. A file of the other kind is refused with a line that names the flag it goes to.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor>? StartingWeights(ModelSpec spec, Func<string, IReadOnlyDictionary<string, Tensor>> readInitWeights)
    {
        ArgumentNullException.ThrowIfNull(readInitWeights);
        try
        {
            if (LoadPath is not null)
            {
                var loaded = Checkpoint.Load(LoadPath, Device, spec);
                Report.WriteLine($"loaded {LoadPath} ({loaded.Model.Spec})");
                return loaded.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to(DType));
            }
            return InitWeights is null ? null : readInitWeights(InitWeights);
        }
        catch (WeightsFileKindException e)
        {
            throw new SigmoidTorchException(e.IsCheckpoint ? $"{e.Message} (load it with --load)" : $"{e.Message}; a file of named arrays goes to --init-weights", e);
        }
    }

    /// <summary>
    /// Saves <paramref name="model"/> to the --save checkpoint (atomically), when one was asked for. Programs call it
    /// last, once everything else (pictures included) has succeeded, so a failed run never replaces a saved model.
    /// </summary>
    public void SaveIfAsked(BackpropModel model, IReadOnlyDictionary<string, string> metadata)
    {
        if (SavePath is null) return;
        saving = true;
        Checkpoint.Save(SavePath, model, metadata);
        saving = false;
        Wrote(SavePath);
    }

    /// <summary>Where the run is, for the line of an interrupted run: "during training (1234/3000)", "while saving m.ckpt", ….</summary>
    internal string Where() => saving ? $"while saving {SavePath}"
        : Progress.Latest is not { } stage ? "before its first stage"
        : stage.Done < stage.Total ? $"during {stage.Label} ({stage.Done}/{stage.Total})"
        : $"after {stage.Label} ({stage.Total}/{stage.Total})";

    /// <summary>
    /// The <c>config</c> object of the program's JSON: the config record <paramref name="settings"/> with its property
    /// names in snake_case (enums and activations by name), then the dtype and device of the run and, in a program that
    /// trains, the step, then <paramref name="extra"/>: the settings of the program that the record does not hold (e.g.
    /// those of its pictures).
    /// </summary>
    public JsonObject Config<T>(T settings, JsonObject? extra = null)
    {
        var config = JsonSerializer.SerializeToNode(settings, ConfigOptions) as JsonObject
            ?? throw new ArgumentException($"a config record serialises to a JSON object, not to {typeof(T).Name}'s", nameof(settings));
        config["dtype"] = DType.ToString().ToLowerInvariant();
        config["device"] = Device.ToString();
        if (Trains) config["step"] = Step.Name;
        foreach (var (name, value) in extra ?? new JsonObject())
            config[name] = value?.DeepClone();
        return config;
    }

    /// <summary>
    /// Prints <paramref name="value"/> as one JSON object on stdout (property names as given), with the libtorch the run
    /// used (path, version, origin, CUDA, the libtorch files the process has mapped) as <c>libtorch</c> in its <c>config</c> object (made when it has none).
    /// </summary>
    public static void EmitJson(object value)
    {
        var node = JsonSerializer.SerializeToNode(value, JsonOptions);
        if (node is JsonObject root)
        {
            var libtorch = TorchRuntime.Libtorch;
            var description = new JsonObject
            {
                ["path"] = libtorch.Path,
                ["version"] = libtorch.Version,
                ["source"] = libtorch.Origin,
                ["cuda"] = libtorch.CudaBackend,
                ["mapped"] = new JsonArray(libtorch.Mapped.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
            };
            if (root["config"] is JsonObject config) config["libtorch"] = description;
            else if (!root.ContainsKey("config")) root["config"] = new JsonObject { ["libtorch"] = description };
            else root["libtorch"] = description;
        }
        Console.Out.WriteLine(node?.ToJsonString(JsonOptions) ?? "null");
    }
}

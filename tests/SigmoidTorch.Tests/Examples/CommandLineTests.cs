using System.Text.Json;
using SigmoidTorch.Articles;
using SigmoidTorch.Articles.Seed001SineRegression;
using SigmoidTorch.Cli;
using SigmoidTorch.Data;
using SigmoidTorch.Devices;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Examples;

/// <summary>
/// One run of a program and what it must answer. <see cref="Args"/> is split on spaces; <c>{dir}</c> stands for the
/// run's own empty folder (also its working directory), where <see cref="Files"/> are written first.
/// Exit 2 (bad flag): exactly one line on stderr, naming the program and pointing to --help, nothing on stdout.
/// Exit 1 (runtime error): one "error:" line, the last on stderr, no stack trace unless --verbose, nothing on stdout
/// under --json. Exit 0: no error line; under --json stdout is exactly one JSON object. Every line of
/// <see cref="Says"/> must appear (in stdout for --help, else in stderr, or in either for a successful run).
/// </summary>
public sealed record CliCase(string Program, string Args, int Exit, params string[] Says)
{
    /// <summary>Files to write into {dir} before the run: name → content.</summary>
    public IReadOnlyDictionary<string, Func<string>> Files { get; init; } = new Dictionary<string, Func<string>>();

    /// <summary>Environment variables for the run.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>A file the run must leave in {dir}.</summary>
    public string? Creates { get; init; }

    public string Name => $"{Program} {Args}".TrimEnd() + string.Concat(Environment.Select(kv => $" [{kv.Key}={kv.Value}]"));

    public override string ToString() => Name;
}

/// <summary>
/// The example programs, run as separate processes: bad flags, runtime errors, --json, --help, --verbose and
/// divergence, for every program in <see cref="ExamplePrograms"/> (the shared cases) and the cases in
/// <see cref="ProgramCases"/>. Adding a case: one <see cref="CliCase"/> line.
/// </summary>
public class CommandLineTests
{
    /// <summary>A checkpoint of SineRegression's default network, with the article's starting weights.</summary>
    internal static readonly Lazy<string> SineCheckpoint = new(() => SaveToText(() =>
    {
        var config = new SineRegressionConfig();
        var model = SineRegression.CreateModel(config, ScalarType.Float64, CPU);
        model.SetParameters(SineRegression.InitialWeights(SineRegression.Spec(config), config.Init, 1));
        return model;
    }));

    /// <summary>A checkpoint of a model no example uses: a 7-input neuron.</summary>
    private static readonly Lazy<string> Neuron7Checkpoint = new(() => SaveToText(() => SigmoidTorch.Models.ModelSpec.Neuron(7).Build()));

    /// <summary>Cases of one program's own flags and behaviour.</summary>
    public static readonly CliCase[] ProgramCases =
    {
        new("GradCheck", "--model neuron --outputs 2", 2, "--model neuron has exactly one output"),
        new("GradCheck", "--model neuron --activation tanh", 2, "--activation applies to mlp only"),
        new("GradCheck", "--model cnn", 2, "--model", "'cnn'", "'neuron', 'mlp'"),
        new("GradCheck", "--model neuron --loss mae", 2, "--loss", "'mae'"),
        new("GradCheck", "--model neuron --outputs x", 2, "--outputs expects a whole number, got 'x'"),
        new("GradCheck", "--batch 0", 2, "--batch must be at least 1, got 0"),
        new("GradCheck", "--inputs x", 2, "--inputs expects a whole number, got 'x'"),
        new("GradCheck", "--loss mae", 2, "--loss", "'mae'"),
        new("GradCheck", "--hidden", 2, "--hidden"),
        new("GradCheck", "--model neuron --inputs 3 --json", 0, "\"pass\":true"),
        new("GradCheck", "--model neuron", 0, "neuron[2→1, sigmoid, bias on]", "all 2 parameters PASS"),
        new("GradCheck", "--activation relu --output-activation identity --loss sse --dtype float32 --batch 3", 0, "PASS"),
        new("GradCheck", "--activation gelu --output-activation identity --loss huber", 0, "mlp[2→5→1, gelu/identity", "loss=huber", "all 4 parameters PASS"),
        new("GradCheck", "--layers 3,4,4,2 --activation elu --output-activation sigmoid --loss bce-logits --dtype float32", 0, "deep", "loss=bce-logits", "PASS"),
        new("GradCheck", "--layers 3,4,2 --activation silu --loss bce-logits", 2, "the loss bce-logits belongs to a sigmoid output layer"),
        new("GradCheck", "--explain --batch 2 --hidden 2", 0, "One step of hand-written backprop"),
        new("GradCheck", "--explain --model neuron --batch 2", 0, "One step of hand-written backprop through neuron[2→1", "z = X·wᵀ + b    (NeuronBackprop.cs)", "∂L/∂b = Σₙ δ", "∂L/∂linear.bias"),

        new("SineRegression", "--epochs -1", 2, "--epochs must be at least 0, got -1"),
        new("SineRegression", "--epochs 1.5", 2, "--epochs expects a whole number, got '1.5'"),
        new("SineRegression", "--batch-size 0", 2, "--batch-size must be at least 1, got 0"),
        new("SineRegression", "--lr 0", 2, "--lr must be a finite number above 0, got 0"),
        new("SineRegression", "--lr -0.1", 2, "--lr must be a finite number above 0, got -0.1"),
        new("SineRegression", "--lr NaN", 2, "--lr must be a finite number above 0, got NaN"),
        new("SineRegression", "--lr Infinity", 2, "--lr must be a finite number above 0"),
        new("SineRegression", "--lr fast", 2, "--lr expects a number, got 'fast'"),
        new("SineRegression", "--domain 5,1", 2, "--domain needs MIN < MAX with a finite width MAX − MIN, got 5,1"),
        new("SineRegression", "--domain 0", 2, "--domain expects MIN,MAX: numbers with a decimal point, separated by commas, e.g. 0,6.28 (2 values); got '0'"),
        new("SineRegression", "--domain 0 6.28", 2, "--domain expects MIN,MAX", "got '0'. --domain takes one word, its values separated by commas: --domain 0,6.28"),
        new("SineRegression", "--domain 0,1e-320 --no-plots", 2, "seed 001 needs at least 2 points, got 1 (the default number of points, int(MAX·5 + 1), for MAX = 1E-320)"),
        new("SineRegression", "--domain 0,1e309", 2, "--domain: '1e309' is beyond the largest number a float64 holds (about 1.8e308), in '0,1e309'"),
        new("SineRegression", "--lr 1e309", 2, "--lr: '1e309' is beyond the largest number a float64 holds (about 1.8e308)"),
        new("SineRegression", "--lr 1e-400", 2, "--lr: '1e-400' is too close to 0 to be told from it"),
        new("SineRegression", "--epochs 0 --no-plots", 0, "Final loss: NaN", "no epoch ran (--epochs 0): there is no final loss (NaN above), and the network keeps its starting weights"),
        new("Sweep", "--epochs 0 --seeds 1 --no-plots", 0, "no epoch ran (--epochs 0)"),
        new("DigitClassifier", "--layers 64,,10", 2, "--layers: a layer size is missing between two commas in '64,,10' (write them as 64,30,10)"),
        new("DigitClassifier", "--layers ,30,10", 2, "--layers: a layer size is missing before the first comma"),
        new("Sweep", "--lrs 0.1,", 2, "--lrs: a value is missing after the last comma in '0.1,'"),
        new("SineRegression", "--domain a,b", 2, "'a' in 'a,b' is not a number"),
        new("SineRegression", "--domain -1e308,1e308", 2, "--domain needs MIN < MAX with a finite width"),
        new("SineRegression", "--domain", 2, "--domain needs a value"),
        new("SineRegression", "--domain -3.14,3.14 --epochs 1 --no-plots --json", 0, "\"min_x\":-3.14,\"max_x\":3.14"),
        new("SineRegression", "--lr 1,5", 2, "--lr expects a number with a decimal point, e.g. 1.5, got '1,5'"),
        new("SineRegression", "--epochs 1,000", 2, "--epochs expects a whole number without separators, e.g. 1000, got '1,000'"),
        new("SineRegression", "--epochs 99999999999", 2, "--epochs expects a whole number from -2147483648 to 2147483647"),
        new("SineRegression", "--points 50000000 --no-plots", 2, "seed 001: the number of points is 50,000,000, more than the 10,000,000 allowed"),
        new("SineRegression", "--hidden 100000000 --no-plots", 2, "needs about", "of memory, more than the"),
        new("SineRegression", "--epochs 2147483647", 2, "the number of training steps (epochs × batches per epoch) is 17,179,869,176"),
        new("SineRegression", "--threads 100000", 2, "--threads must be at most"),
        new("SineRegression", "--points 1000000 --hidden 50", 2, "the pictures' markers, --points × (--hidden + 2), (--no-plots draws none) is 52,000,000, more than the 10,000,000 allowed"),
        // .NET's heap limit (as a container's memory limit would) lowers what the run may take: the estimate is refused.
        new("SineRegression", "--epochs 1 --points 5000000 --no-plots", 2, "5,000,000 points, 1 epoch(s) needs about 2.1 GiB of memory, more than the")
            { Environment = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x10000000" } },
        new("SineRegression", "--save {dir}/newdir/", 2, "it names a folder, not a file"),
        new("SineRegression", "--points 1", 2, "--points must be at least 2"),
        new("SineRegression", "--hidden 0", 2, "--hidden must be at least 1, got 0"),
        new("SineRegression", "--activation softmax", 2, "--activation", "'softmax'", "'sigmoid', 'tanh', 'relu'"),
        new("SineRegression", "--function tan", 2, "--function", "'tan'"),
        new("SineRegression", "--trainer sgd", 2, "--trainer", "'sgd'"),
        new("SineRegression", "--epochs 0 --no-plots --json", 0, "\"loss_history\":[]"),
        new("SineRegression", "--epochs 3 --no-plots --trainer autograd --activation tanh --batch-size 5", 0, "Activation: tanh"),
        // Divergence: ReLU with a huge learning rate overflows at the second step (a merely large one, like 10, kills every unit instead).
        new("SineRegression", "--activation relu --lr 1e100 --epochs 5 --no-plots", 1, "training diverged: the loss became Infinity at epoch 1, step 2 of that epoch", "keeps the weights from the start of epoch 1"),
        new("SineRegression", "--activation relu --lr 1e100 --epochs 5 --no-plots --trainer autograd", 1, "training diverged", "epoch 1, step 2"),
        new("SineRegression", "--activation relu --lr 1e10 --epochs 5 --no-plots --dtype float32", 1, "training diverged", "epoch 1, step 2"),
        new("SineRegression", "--activation relu --lr 1e100 --epochs 5 --no-plots --json", 1, "training diverged"),
        new("SineRegression", "--lr 1e39 --epochs 1 --no-plots --dtype float32 --trainer autograd", 1, "learning rate 1E+39 is too large for a float32 model"),
        // Weight files and checkpoints that do not fit this run.
        new("SineRegression", "--epochs 1 --no-plots --init-weights {dir}/w-short.json", 1, "'Wh' has shape [1, 5] but mlp[1→5→1, sigmoid/sigmoid, bias on/off] needs [2, 5]")
            { Files = Named("w-short.json", """{"Wh": [[1, 2, 3, 4, 5]], "Wz": [[1], [2], [3], [4], [5]]}""") },
        new("SineRegression", "--epochs 1 --no-plots --init-weights {dir}/w.json --hidden 3", 1, "needs [2, 3]") { Files = Named("w.json", () => SineWeights()) },
        new("SineRegression", "--epochs 1 --no-plots --init-weights {dir}/w.json --no-bias", 1, "needs [1, 5]") { Files = Named("w.json", () => SineWeights()) },
        new("SineRegression", "--epochs 1 --no-plots --init-weights {dir}/w.json", 0, "Iterations: 1") { Files = Named("w.json", () => SineWeights()) },
        new("SineRegression", "--epochs 1 --no-plots --init-weights {dir}/w-huge.json --dtype float32", 1, "'Wh' holds 1E+300, too large for float32")
            { Files = Named("w-huge.json", """{"Wh": [[1e300, 2, 3, 4, 5], [1, 2, 3, 4, 5]], "Wz": [[1], [2], [3], [4], [5]]}""") },
        new("SineRegression", "--epochs 1 --no-plots --init-weights {dir}/sine.ckpt", 1, "is a SigmoidTorch checkpoint", "--load") { Files = Named("sine.ckpt", () => SineCheckpoint.Value) },
        new("SineRegression", "--epochs 1 --no-plots --load {dir}/sine.ckpt", 0, "loaded") { Files = Named("sine.ckpt", () => SineCheckpoint.Value) },
        new("SineRegression", "--epochs 1 --no-plots --load {dir}/sine.ckpt --hidden 3", 1, "holds mlp[1→5→1, sigmoid/sigmoid, bias on/off], but this run needs mlp[1→3→1")
            { Files = Named("sine.ckpt", () => SineCheckpoint.Value) },
        new("SineRegression", "--epochs 1 --no-plots --load {dir}/sine.ckpt --activation tanh", 1, "but this run needs mlp[1→5→1, tanh/tanh") { Files = Named("sine.ckpt", () => SineCheckpoint.Value) },
        new("SineRegression", "--epochs 1 --no-plots --load {dir}/sine-changed.ckpt", 1, "damaged: its spec, dtype or weights do not match their SHA-256")
            { Files = Named("sine-changed.ckpt", () => ChangeAWeight(SineCheckpoint.Value)) },
        new("SineRegression", "--epochs 1 --no-plots --load {dir}/sine-cut.ckpt", 1, "damaged or truncated")
            { Files = Named("sine-cut.ckpt", () => SineCheckpoint.Value[..(SineCheckpoint.Value.Length * 2 / 3)]) },

        new("FlowerClassifier", "--predict 4.8 --no-plots", 2, "--predict expects LENGTH,WIDTH: numbers with a decimal point, separated by commas, e.g. 4.8,1.6 (2 values); got '4.8'"),
        new("FlowerClassifier", "--lr 0,2", 2, "--lr expects a number with a decimal point, e.g. 0.2, got '0,2'"),
        new("FlowerClassifier", "--epochs 2 --no-plots --predict 4.8,1.6 --json", 0, "\"prediction\":{\"length\":4.8,\"width\":1.6"),
        new("FlowerClassifier", "--epochs 1 --no-plots --data {dir}/missing.csv", 1, "missing.csv"),
        new("FlowerClassifier", "--epochs 1 --no-plots --data {dir}/three.csv", 1, "the data has 3 kinds of flower (a, b, c): choose two with --species A,B")
            { Files = Named("three.csv", "1,1,a\n2,2,b\n3,3,c\n") },
        new("SigmoidNeuronTraining", "--frames 0", 2, "--frames must be at least 1, got 0"),
        new("Sweep", "--lrs 0.1,-1", 2, "--lrs must be numbers above 0, got -1"),
        new("Sweep", "--lrs 0.1 0.2", 2, "Unrecognized command or argument '0.2'. --lrs takes one word, its values separated by commas: --lrs 0.1,0.2"),
        new("Sweep", "--lrs 1,2 --epochs 1 --seeds 1 --no-plots --json", 0, "{\"lr\":1,\"seed\":0,", "{\"lr\":2,\"seed\":0,"),
        new("Sweep", "--seeds 100000000", 2, "--seeds must be at most 10,000, got 100000000"),
        new("GradCheck", "--outputs 100000", 2, "the number of parameters is 600,015, more than the 50,000 allowed"),
        new("GradCheck", "--explain --hidden 1000 --batch 1000", 2, "the finite differences' work"),
        new("GradCheck", "--explain --hidden 5000", 2, "--explain prints every value: its largest tensor is 20,000, more than the 10,000 allowed"),
        new("GradCheck", "--hidden 2147483647", 2, "the number of parameters is 8,589,934,589"),
        new("SigmoidNeuronTraining", "--grid 100000 --frames 2", 2, "--grid must be at most 1,000, got 100000"),
        new("SigmoidVsPerceptron", "--weights 1,2,3 --input 1,2", 2, "--input has 2 value(s) but --weights has 3: give as many inputs as weights"),
        new("SigmoidVsPerceptron", "--weights 1,2 --weight-index 3", 2, "--weight-index must be 1 to 2 (the number of weights), got 3"),
        new("SigmoidVsPerceptron", "--max-nudge 1e308", 2, "--max-nudge 1E+308 is too large for --nudges 21: the spacing 2D/(N − 1) must be a finite number"),
        new("SigmoidVsPerceptron", "--weights 0.5,-0.8 --nudges 5 --no-plots --json", 0, "\"weights\":[0.5,-0.8]"),
        new("Sweep", "--seeds 0", 2, "--seeds must be at least 1, got 0"),
        // --step: the step that ran, in the text and as "step" in the JSON's config; fused where there is none is a bad flag.
        new("SineRegression", "--epochs 1 --no-plots --json", 0, "\"step\":\"fused\"", "trainer manual, fused step"),
        new("SineRegression", "--epochs 1 --no-plots --step readable --json", 0, "\"step\":\"readable\"", "trainer manual, readable step"),
        new("SineRegression", "--epochs 1 --no-plots --trainer autograd --json", 0, "\"step\":\"readable\"", "trainer autograd, readable step"),
        new("SineRegression", "--trainer autograd --step fused", 2, "--step fused: --trainer autograd has the readable step only (the fused step is --trainer manual's)"),
        new("SineRegression", "--step Fused", 2, "--step", "'Fused'", "'readable', 'fused'"),
        new("GradientDescentPerceptron", "--step fused", 2, "--step fused: GradientDescentPerceptron has no fused step (its model trains with the readable step only)"),
        new("GradientDescentPerceptron", "--iterations 2 --no-plots --json", 0, "\"step\":\"readable\"", "trainer manual, readable step"),
        new("SigmoidNeuronTraining", "--step fused --trainer autograd", 2, "--step fused: SigmoidNeuronTraining has no fused step"),
        new("SigmoidNeuronTraining", "--frames 2 --no-plots --step readable --json", 0, "\"step\":\"readable\"", "trainer manual, readable step"),
        new("FlowerClassifier", "--step fused", 2, "--step fused: FlowerClassifier has no fused step"),
        new("FlowerClassifier", "--epochs 1 --no-plots --trainer autograd --json", 0, "\"step\":\"readable\"", "trainer autograd, readable step"),
        new("Sweep", "--epochs 1 --seeds 2 --no-plots --json", 0, "\"step\":\"fused\"", "trainer manual, fused step (all at once)"),
        new("Sweep", "--epochs 1 --seeds 2 --no-plots --step readable --trainer autograd --json", 0, "\"step\":\"readable\"", "trainer autograd, readable step (one after another)"),
        new("Sweep", "--trainer autograd --step fused --epochs 1 --seeds 1 --no-plots", 0, "trainer autograd, fused step"),
        new("GradCheck", "--step readable", 2, "'--step'"),
        new("Benchmarks", "--quick extra", 2, "'extra'"),
        new("GradCheck", "--layers 3,4,2 --output-activation softmax --loss softmax-ce --json", 0, "\"pass\":true", "deep[3→4→2, sigmoid/softmax"),
        new("GradCheck", "--layers 3", 2, "--layers needs at least two sizes, the inputs and the outputs"),
        new("GradCheck", "--layers 3,1 --output-activation softmax", 2, "a softmax output needs at least two outputs"),
        new("GradCheck", "--loss bce", 2, "the loss bce is taken of the logits, which only a deep network's backprop reads"),
        new("GradCheck", "--layers 3,4,2 --output-activation softmax --loss bce", 2, "the loss bce belongs to a sigmoid output layer"),
        new("GradCheck", "--layers 2,3 --hidden 4", 2, "--layers gives the network and all its sizes: drop --hidden"),
        new("GradCheck", "--explain --layers 2,3,2 --batch 2 --loss bce --output-activation sigmoid", 0, "BP1 δᴸ = (Ŷ − Y)/m", "BP2 δˡ = (δˡ⁺¹·Wˡ⁺¹) ⊙ f'(Zˡ)    for l = 1    (DeepBackprop.cs)", "∂L/∂layers.1.bias"),
        new("DigitClassifier", "--step fused --loss cross-entropy --epochs 1", 2, "--step fused: --loss cross-entropy trains with the readable step only (the fused step computes the squared errors)"),
        new("DigitClassifier", "--step fused --activation gelu --epochs 1", 2, "--step fused: --activation gelu trains with the readable step only"),
        new("DigitClassifier", "--loss softmax-ce --epochs 1 --no-plots --json", 0, "\"step\":\"readable\""),
        new("DigitClassifier", "--layers 64", 2, "--layers needs at least two sizes, the inputs and the outputs (e.g. 64,30,10), got '64'"),
        new("DigitClassifier", "--layers 64,0,10", 2, "--layers takes whole numbers of at least 1 (units in a layer), got 0 in '64,0,10'"),
        new("DigitClassifier", "--layers 64,-3,10", 2, "--layers takes whole numbers of at least 1"),
        new("DigitClassifier", "--layers 63,30,10 --no-plots", 2, "the first layer size must be 64, one input per pixel of the 8×8 images, got 63"),
        new("DigitClassifier", "--layers 64,30,9 --no-plots", 2, "the last layer size must be 10, one output per digit, got 9"),
        new("DigitClassifier", "--loss hinge", 2, "--loss", "'hinge'", "'quadratic', 'cross-entropy', 'softmax-ce'"),
        new("DigitClassifier", "--shuffle sometimes", 2, "--shuffle", "'random', 'none'"),
        new("DigitClassifier", "--activation softmax", 2, "--activation", "'softmax'"),
        new("DigitClassifier", "--epochs 1 --no-plots --json --loss softmax-ce", 0, "\"accuracy_history\":[", "\"test_total\":299", "\"loss\":\"softmax-ce\""),
        new("DigitClassifier", "--epochs 1 --no-plots --layers 64,8,8,10 --loss cross-entropy", 0, "deep[64→8→8→10, sigmoid/sigmoid", "Epoch 0: "),
        new("DigitClassifier", "--epochs 1 --no-plots --init-weights {dir}/w.json --layers 64,20,10", 1, "weights[0] has shape [30, 64], but deep[64→20→10, sigmoid/sigmoid, bias on/on] needs [20, 64] there")
            { Files = Named("w.json", () => DigitWeights(30)) },
        new("DigitClassifier", "--epochs 1 --no-plots --init-weights {dir}/w.json --layers 64,30,30,10", 1, "has 2 matrices in \"weights\", but deep[64→30→30→10, sigmoid/sigmoid, bias on/on] has 3 layer(s)")
            { Files = Named("w.json", () => DigitWeights(30)) },
        new("DigitClassifier", "--epochs 1 --no-plots --init-weights {dir}/w.json --json", 0, "\"test_total\":299") { Files = Named("w.json", () => DigitWeights(30)) },
        new("DigitClassifier", "--epochs 1 --no-plots --init-weights {dir}/ragged.json", 1, "weights[0] is ragged") { Files = Named("ragged.json", """{"weights": [[[1, 2], [3]]], "biases": []}""") },
        new("DigitClassifier", "--epochs 1 --no-plots --load {dir}/sine.ckpt", 1, "holds mlp[1→5→1, sigmoid/sigmoid, bias on/off], but this run needs deep[64→30→10") { Files = Named("sine.ckpt", () => SineCheckpoint.Value) },
        new("Benchmarks", "--out", 2, "--out"),
    };

    private static readonly bool CudaUsable = DeviceSelector.CudaUnavailableReason() is null;

    /// <summary>The cases every program gets, from what it is.</summary>
    public static IEnumerable<CliCase> SharedCases(ExampleProgram p)
    {
        string n = p.Name;
        yield return new(n, "--help", 0, "Usage:", "[default: ", "--device", "--json", "--verbose");
        yield return new(n, "--no-such-flag", 2, "'--no-such-flag'");
        yield return new(n, "--dtype float16", 2, "--dtype", "'float16'", "'float32', 'float64'");
        yield return new(n, "--device gpu", 2, "--device must be cpu, cuda, cuda:N or auto, not 'gpu'");
        // --seed only where something is random; elsewhere it is an unknown flag, not a flag that does nothing.
        yield return p.Flags.HasFlag(FlagSet.Seed)
            ? new(n, "--seed ten", 2, "--seed expects a whole number, got 'ten'")
            : new(n, "--seed 3", 2, "'--seed'");
        yield return new(n, "", 2, "not 'gpu' (from $SIGMOIDTORCH_DEVICE)") { Environment = new Dictionary<string, string> { ["SIGMOIDTORCH_DEVICE"] = "gpu" } };
        if (p.QuickRun is not { } q) yield break;

        yield return new(n, q, 0);
        yield return new(n, $"{q} --json", 0);
        yield return new(n, $"{q} --device auto --dtype float32{(p.Flags.HasFlag(FlagSet.Seed) ? " --seed 3" : "")}", 0);
        yield return CudaUsable ? new(n, $"{q} --device cuda", 0) : new(n, $"{q} --device cuda", 1, "device 'cuda' is not usable: ");
        yield return new(n, $"{q} --device cuda:64", 1, "device 'cuda:64' is not usable");
        yield return new(n, $"{q} --json --device cuda:64", 1, "device 'cuda:64' is not usable");
        yield return new(n, $"{q} --device cuda:64 --verbose", 1, "device 'cuda:64' is not usable", "DeviceUnavailableException", "   at ");
        if (!p.Flags.HasFlag(FlagSet.Training)) yield break;

        yield return new(n, $"{q} --init-weights {{dir}}/missing.json", 1, "weights file", "missing.json' does not exist");
        yield return new(n, $"{q} --init-weights {{dir}}/bad.json", 1, "bad.json' is not valid JSON") { Files = Named("bad.json", """{"w": [1, 2""") };
        yield return new(n, $"{q} --init-weights {{dir}}/empty.json", 1, "empty.json' is empty") { Files = Named("empty.json", "") };
        yield return new(n, $"{q} --init-weights {{dir}}/other.json", 1, "unexpected array(s) 'q'", "needs") { Files = Named("other.json", """{"q": [1]}""") };
        yield return new(n, $"{q} --init-weights {{dir}}/text.json", 1, "must hold numbers only") { Files = Named("text.json", """{"w": ["one"]}""") };
        yield return new(n, $"{q} --load {{dir}}/missing.ckpt", 1, "checkpoint", "missing.ckpt' does not exist");
        yield return new(n, $"{q} --load {{dir}}/bad.ckpt", 1, "bad.ckpt' is damaged or truncated") { Files = Named("bad.ckpt", """{"format": "sigmoidtorch-checkpoint", "vers""") };
        yield return new(n, $"{q} --load {{dir}}/empty.ckpt", 1, "empty.ckpt' is empty") { Files = Named("empty.ckpt", "") };
        yield return new(n, $"{q} --load {{dir}}/arrays.json", 1, "not a SigmoidTorch checkpoint", "--init-weights") { Files = Named("arrays.json", """{"w": [1, 2], "b": 0}""") };
        yield return new(n, $"{q} --load {{dir}}/neuron7.ckpt", 1, "holds neuron[7→1, sigmoid, bias on], but this run needs") { Files = Named("neuron7.ckpt", () => Neuron7Checkpoint.Value) };
        yield return new(n, $"{q} --load {{dir}}/missing.ckpt --verbose", 1, "does not exist", "SigmoidTorchException", "   at ");
        yield return new(n, $"{q} --load {{dir}}/missing.ckpt --json", 1, "does not exist");
        yield return new(n, $"{q} --init-weights {{dir}}/a.json --load {{dir}}/b.ckpt", 2, "--init-weights and --load both give starting weights: use one");
        yield return new(n, $"{q} --save {{dir}}/file.txt/model.ckpt", 2, "cannot write", "file.txt' is a regular file, not a folder") { Files = Named("file.txt", "x") };
        yield return new(n, $"{q} --save model.ckpt", 0, "wrote model.ckpt") { Creates = "model.ckpt" };
        yield return new(n, $"{q} --save {{dir}}/sub/folder/model.ckpt --json", 0) { Creates = "sub/folder/model.ckpt" };
    }

    /// <summary>Every case: the shared ones of every program, then the programs' own.</summary>
    public static IReadOnlyList<CliCase> All { get; } = ExamplePrograms.All.SelectMany(SharedCases).Concat(ProgramCases).ToList();

    public static TheoryData<string> Names => new(All.Select(c => c.Name));

    /// <summary>What a case's run left: the process's answer and whether <see cref="CliCase.Creates"/> exists.</summary>
    private sealed record Outcome(ProcessResult Result, bool Created);

    /// <summary>
    /// Every case's run, started together on first use, a few at a time (each program is a process of its own, mostly
    /// waiting on startup): the rows then only check their answers, so adding programs adds little wall time.
    /// </summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Task<Outcome>>> Runs = new(() => ProcessPool.Start(All, c => c.Name, RunCase));

    private static Outcome RunCase(CliCase c)
    {
        string dir = Directory.CreateTempSubdirectory("sigmoidtorch-cli-").FullName;
        try
        {
            foreach (var (file, content) in c.Files)
                File.WriteAllText(Path.Combine(dir, file), content());
            var args = c.Args.Replace("{dir}", dir, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var result = ExampleProcess.Run(c.Program, args, dir, c.Environment);
            return new Outcome(result, c.Creates is { } created && File.Exists(Path.Combine(dir, created)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory, MemberData(nameof(Names))]
    public async Task ProgramAnswersAsDocumented(string name)
    {
        var c = All.Single(x => x.Name == name);
        var outcome = await Runs.Value[name];
        Check(c, outcome.Result);
        if (c.Creates is { } created)
            Assert.True(outcome.Created, $"{c.Name}: {created} was not written\n{outcome.Result}");
    }

    /// <summary>The checks every run gets, from its exit code and flags.</summary>
    internal static void Check(CliCase c, ProcessResult r)
    {
        string context = $"{c.Name}\n{r}";
        Assert.True(c.Exit == r.ExitCode, $"expected exit {c.Exit}: {context}");
        Assert.DoesNotContain("Unhandled exception", r.Stderr, StringComparison.Ordinal);
        bool json = c.Args.Split(' ').Contains("--json");
        bool help = c.Args.Split(' ').Contains("--help");
        bool verbose = c.Args.Split(' ').Contains("--verbose");
        var errors = r.StderrLines.Where(l => l.StartsWith($"{c.Program}: error: ", StringComparison.Ordinal)).ToList();
        switch (c.Exit)
        {
            case ExitCodes.BadUsage:
                Assert.True(r.StderrLines.Length == 1, $"a bad flag must give exactly one line on stderr: {context}");
                Assert.StartsWith($"{c.Program}: ", r.StderrLines[0], StringComparison.Ordinal);
                Assert.EndsWith($"(see {c.Program} --help)", r.StderrLines[0], StringComparison.Ordinal);
                Assert.True(r.Stdout.Length == 0, $"nothing on stdout: {context}");
                break;
            case ExitCodes.Failure:
                Assert.True(errors.Count == 1, $"a runtime error must give exactly one error line: {context}");
                if (verbose)
                {
                    Assert.Contains(r.StderrLines, l => l.StartsWith("at ", StringComparison.Ordinal));
                }
                else
                {
                    Assert.Equal(errors[0], r.StderrLines[^1]);
                    Assert.DoesNotContain(r.StderrLines, l => l.StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception:", StringComparison.Ordinal));
                }
                if (json) Assert.True(r.Stdout.Length == 0, $"no JSON after an error: {context}");
                break;
            default:
                Assert.True(errors.Count == 0, $"no error line on success: {context}");
                if (json)
                {
                    using var document = JsonDocument.Parse(r.Stdout);   // throws on anything but exactly one JSON value
                    Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
                    Assert.Empty(KeysNotInSnakeCase(document.RootElement));
                }
                if (help)
                {
                    Assert.Contains($"{c.Program} [options]", r.Stdout, StringComparison.Ordinal);
                    Assert.True(r.Stderr.Length == 0, $"help writes nothing on stderr: {context}");
                }
                break;
        }
        string where = c.Exit == 0 ? (help ? r.Stdout : r.Stdout + r.Stderr) : r.Stderr;
        foreach (var said in c.Says)
            Assert.True(where.Contains(said, StringComparison.Ordinal), $"expected \"{said}\": {context}");
    }

    /// <summary>
    /// The property names in <paramref name="json"/> that are not snake_case, except the weight arrays, which keep the
    /// article's own names so that they can be fed back as --init-weights (seed 001's Wh and Wz).
    /// </summary>
    internal static IEnumerable<string> KeysNotInSnakeCase(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => json.EnumerateObject().SelectMany(p =>
            (System.Text.RegularExpressions.Regex.IsMatch(p.Name, "^[a-z][a-z0-9_]*$") || p.Name is "Wh" or "Wz" ? [] : new[] { p.Name })
            .Concat(KeysNotInSnakeCase(p.Value))),
        JsonValueKind.Array => json.EnumerateArray().SelectMany(KeysNotInSnakeCase),
        _ => [],
    };

    [Fact]
    public void EveryCaseHasItsOwnName() => Assert.Equal(All.Count, All.Select(c => c.Name).Distinct().Count());

    internal static IReadOnlyDictionary<string, Func<string>> Named(string name, string content) => new Dictionary<string, Func<string>> { [name] = () => content };

    internal static IReadOnlyDictionary<string, Func<string>> Named(string name, Func<string> content) => new Dictionary<string, Func<string>> { [name] = content };

    /// <summary>--init-weights for SineRegression's default network: Wh [2, 5], Wz [5, 1].</summary>
    private static string SineWeights()
    {
        using var scope = NewDisposeScope();
        var config = new SineRegressionConfig();
        var model = SineRegression.CreateModel(config, ScalarType.Float64, CPU);
        model.SetParameters(SineRegression.InitialWeights(SineRegression.Spec(config), config.Init, 2));
        return NamedArrays.Serialize(ArticleLayout.Export(model, WeightLayout.HiddenOutput));
    }

    /// <summary>--init-weights for DigitClassifier in network.py's layout: [64, hidden, 10], network.py's draws from seed 4.</summary>
    private static string DigitWeights(int hidden)
    {
        using var scope = NewDisposeScope();
        var spec = SigmoidTorch.Models.ModelSpec.Deep([64, hidden, 10], SigmoidTorch.Functions.Activation.Sigmoid);
        using var net = (SigmoidTorch.Models.DeepNetwork)spec.Build();
        net.SetParameters(DigitClassifier.InitialWeights(spec, 4));
        var (weights, biases) = NetworkPyWeights.Export(net);
        return JsonSerializer.Serialize(new { weights, biases });
    }

    private static string SaveToText(Func<SigmoidTorch.Models.BackpropModel> build)
    {
        using var scope = NewDisposeScope();
        string path = Path.Combine(Path.GetTempPath(), $"sigmoidtorch-cli-{Guid.NewGuid():N}.ckpt");
        Checkpoint.Save(path, build());
        string text = File.ReadAllText(path);
        File.Delete(path);
        return text;
    }

    /// <summary>The checkpoint with the first digit of its weights changed.</summary>
    internal static string ChangeAWeight(string text)
    {
        int start = text.IndexOf("\"parameters\"", StringComparison.Ordinal);
        int i = text.IndexOfAny("123456789".ToCharArray(), start);
        return text[..i] + (text[i] == '9' ? '8' : (char)(text[i] + 1)) + text[(i + 1)..];
    }
}

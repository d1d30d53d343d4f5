using SigmoidTorch.Articles;
using SigmoidTorch.Articles.Seed001SineRegression;
using SigmoidTorch.Data;
using SigmoidTorch.Devices;
using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests;

/// <summary>
/// Every bad input the library can be given, one row each: it must throw the documented exception type with a
/// one-line message that names the problem and the values involved, and leave the model as it was.
/// </summary>
public class LibraryValidationTests(ITestOutputHelper output)
{
    // full() reads its value through a Scalar: one the tests keep for their whole run.
    private static readonly Scalar NaN = double.NaN.ToScalar();

    /// <summary>One bad input: what to do, the exception type it must raise, and words its message must contain.</summary>
    public sealed record Case(string Name, Action Act, Type Expected, params string[] Words)
    {
        public override string ToString() => Name;
    }

    private static readonly ModelSpec Net = ModelSpec.Network(2, 3, 1, Activation.Sigmoid);

    private static BackpropModel Model(ScalarType dtype = ScalarType.Float64, Device? device = null) => Net.Build(dtype, device);

    private static Tensor Rows(int rows, int cols, ScalarType dtype = ScalarType.Float64, Device? device = null) =>
        linspace(-1, 1, rows * cols, dtype: ScalarType.Float64).reshape(rows, cols).to(dtype, device ?? CPU);

    private static Dataset Data(int rows = 4, int features = 2, int outputs = 1, ScalarType dtype = ScalarType.Float64) =>
        new(Rows(rows, features, dtype), Rows(rows, outputs, dtype).abs());

    private static void Fit(TrainingOptions options) => Trainer.Fit(Model(), Data(), options);

    private static Tensor WithValue(Tensor t, long row, long col, double value)
    {
        var copy = t.clone();
        copy[row, col] = tensor(value, dtype: t.dtype);
        return copy;
    }

    private static IReadOnlyDictionary<string, NamedArray> Arrays(string json) => NamedArrays.Parse(json, "weights file 'w.json'");

    private static void Import(BackpropModel model, string json, WeightLayout layout) =>
        ArticleLayout.Import(model.Spec, model.DType, model.Device, Arrays(json), layout, "weights file 'w.json'");

    private static readonly Device Meta = device("meta");

    /// <summary>The table: one row per bad input.</summary>
    public static IReadOnlyList<Case> Cases { get; } = new Case[]
    {
        // The data against the model.
        new("input features != model's", () => Trainer.Fit(Model(), Data(features: 3), new TrainingOptions()), typeof(SigmoidTorchException), "[4, 3]", "takes [N, 2]"),
        new("one input feature for a 2-input model", () => Trainer.Fit(Model(), Data(features: 1), new TrainingOptions()), typeof(SigmoidTorchException), "[4, 1]", "takes [N, 2]"),
        new("target columns != model outputs", () => Trainer.Fit(Model(), Data(outputs: 2), new TrainingOptions()), typeof(SigmoidTorchException), "targets have 2 column(s)", "1 output(s)"),
        new("float32 data, float64 model", () => Trainer.Fit(Model(), Data(dtype: ScalarType.Float32), new TrainingOptions()), typeof(SigmoidTorchException), "Float32", "Float64"),
        new("float64 data, float32 model", () => Trainer.Fit(Model(ScalarType.Float32), Data(), new TrainingOptions()), typeof(SigmoidTorchException), "Float64", "Float32"),
        new("model on another device than the data", () => Trainer.Fit(Model(device: Meta), Data(), new TrainingOptions()), typeof(SigmoidTorchException), "input is on cpu", "model is on meta"),
        new("model input check: wrong width", () => Model().CheckInput(Rows(5, 4)), typeof(SigmoidTorchException), "[5, 4]", "[N, 2]"),
        new("model input check: 1-D input", () => Model().CheckInput(zeros(2, dtype: ScalarType.Float64)), typeof(SigmoidTorchException), "[2]", "[N, 2]"),

        // The data itself.
        new("inputs and targets with different rows", () => _ = new Dataset(Rows(4, 2), Rows(3, 1)), typeof(SigmoidTorchException), "4 samples", "targets have 3"),
        new("inputs not 2-D", () => _ = new Dataset(zeros(4, dtype: ScalarType.Float64), Rows(4, 1)), typeof(SigmoidTorchException), "2-D", "[4]"),
        new("targets not 2-D", () => _ = new Dataset(Rows(4, 2), zeros(4, 1, 1, dtype: ScalarType.Float64)), typeof(SigmoidTorchException), "2-D", "[4, 1, 1]"),
        new("inputs and targets of different dtypes", () => _ = new Dataset(Rows(4, 2), Rows(4, 1, ScalarType.Float32)), typeof(SigmoidTorchException), "Float64", "Float32"),
        new("integer data", () => _ = new Dataset(zeros(4, 2, dtype: ScalarType.Int32), zeros(4, 1, dtype: ScalarType.Int32)), typeof(SigmoidTorchException), "float32 or float64", "Int32"),
        new("inputs and targets on different devices", () => _ = new Dataset(Rows(4, 2), Rows(4, 1, device: Meta)), typeof(SigmoidTorchException), "cpu", "meta"),
        new("data on the meta device", () => _ = new Dataset(zeros(4, 2, dtype: ScalarType.Float64, device: Meta), zeros(4, 1, dtype: ScalarType.Float64, device: Meta)), typeof(SigmoidTorchException), "meta", "no values"),
        new("NaN in the inputs", () => _ = new Dataset(WithValue(Rows(4, 2), 1, 0, double.NaN), Rows(4, 1)), typeof(SigmoidTorchException), "inputs", "NaN", "row 1, column 0"),
        new("+inf in the inputs", () => _ = new Dataset(WithValue(Rows(4, 2), 3, 1, double.PositiveInfinity), Rows(4, 1)), typeof(SigmoidTorchException), "inputs", "Infinity", "row 3, column 1"),
        new("NaN in the targets", () => _ = new Dataset(Rows(4, 2), WithValue(Rows(4, 1), 2, 0, double.NaN)), typeof(SigmoidTorchException), "targets", "NaN", "row 2, column 0"),
        new("-inf in float32 targets", () => _ = new Dataset(Rows(4, 2, ScalarType.Float32), WithValue(Rows(4, 1, ScalarType.Float32), 0, 0, double.NegativeInfinity)), typeof(SigmoidTorchException), "targets", "-Infinity", "row 0, column 0"),
        new("empty data set", () => _ = new Dataset(zeros(0, 2, dtype: ScalarType.Float64), zeros(0, 1, dtype: ScalarType.Float64)), typeof(SigmoidTorchException), "empty"),
        new("empty data set from arrays", () => Dataset.FromArrays(new double[0, 2], new double[0, 1]), typeof(SigmoidTorchException), "empty"),

        // The training options.
        new("batch size 0", () => Fit(new TrainingOptions { BatchSize = 0 }), typeof(SigmoidTorchException), "batch size", "got 0"),
        new("batch size -3", () => Fit(new TrainingOptions { BatchSize = -3 }), typeof(SigmoidTorchException), "batch size", "got -3"),
        new("batches of size 0", () => Data().Batches(0), typeof(SigmoidTorchException), "batch size", "got 0"),
        new("learning rate 0", () => Fit(new TrainingOptions { LearningRate = 0 }), typeof(SigmoidTorchException), "learning rate", "got 0"),
        new("learning rate -0.5", () => Fit(new TrainingOptions { LearningRate = -0.5 }), typeof(SigmoidTorchException), "learning rate", "got -0.5"),
        new("learning rate NaN", () => Fit(new TrainingOptions { LearningRate = double.NaN }), typeof(SigmoidTorchException), "learning rate", "NaN"),
        new("learning rate +inf", () => Fit(new TrainingOptions { LearningRate = double.PositiveInfinity }), typeof(SigmoidTorchException), "learning rate", "Infinity"),
        new("learning rate beyond float32", () => Trainer.Fit(Model(ScalarType.Float32), Data(dtype: ScalarType.Float32), new TrainingOptions { LearningRate = 1e39 }), typeof(SigmoidTorchException), "1E+39", "float32"),
        new("negative epochs", () => Fit(new TrainingOptions { Epochs = -1 }), typeof(SigmoidTorchException), "epochs", "got -1"),
        new("negative max steps", () => Fit(new TrainingOptions { MaxSteps = -2 }), typeof(SigmoidTorchException), "max steps", "got -2"),
        new("non-finite starting weights", () => Fit(new TrainingOptions
        {
            InitialParameters = Model().named_parameters().ToDictionary(p => p.name, p => p.name == "output.bias" ? full(p.parameter.shape, NaN, dtype: ScalarType.Float64) : p.parameter.detach().clone()),
        }), typeof(SigmoidTorchException), "not finite", "'output.bias'", "NaN"),
        new("starting weights of the wrong shape", () => Fit(new TrainingOptions
        {
            InitialParameters = Model().named_parameters().ToDictionary(p => p.name, p => p.name == "hidden.weight" ? zeros(2, 3, dtype: ScalarType.Float64) : p.parameter.detach().clone()),
        }), typeof(SigmoidTorchException), "'hidden.weight'", "[3, 2]", "[2, 3]"),
        new("starting weights missing a parameter", () => Model().SetParameters(new Dictionary<string, Tensor> { ["hidden.weight"] = zeros(3, 2, dtype: ScalarType.Float64) }), typeof(SigmoidTorchException), "no value", "'hidden.bias'"),
        new("starting weights for an unknown parameter", () => Model().SetParameters(new Dictionary<string, Tensor> { ["conv.weight"] = zeros(1, dtype: ScalarType.Float64) }), typeof(SigmoidTorchException), "no parameter 'conv.weight'"),

        // Names.
        new("unknown activation", () => Activation.Parse("swish"), typeof(SigmoidTorchException), "'swish'", "sigmoid, tanh, relu, identity, softmax"),
        new("empty activation name", () => Activation.Parse(""), typeof(SigmoidTorchException), "unknown activation ''"),
        new("unknown loss", () => Loss.Parse("mae"), typeof(SigmoidTorchException), "'mae'", "mse, sse, half-sse"),
        new("unknown target function", () => TargetFunction.Named("tan"), typeof(SigmoidTorchException), "'tan'", "sin"),
        new("network without hidden units", () => ModelSpec.Network(2, 0, 1, Activation.Sigmoid).Build(), typeof(SigmoidTorchException), "hidden unit", "hidden=0"),
        new("model without inputs", () => ModelSpec.Neuron(0).Build(), typeof(SigmoidTorchException), "input", "inputs=0"),
        new("softmax as a hidden activation", () => ModelSpec.Deep([2, 3, 2], Activation.Softmax).Validate(), typeof(SigmoidTorchException), "softmax", "not a hidden one"),
        new("unknown device name", () => DeviceSelector.Resolve("tpu"), typeof(DeviceUnavailableException), "'tpu'", "cpu, cuda, cuda:N or auto"),
        new("CUDA device number out of range or CUDA unusable", () => DeviceSelector.Resolve("cuda:64"), typeof(DeviceUnavailableException), "'cuda:64'", "not usable"),

        // --init-weights arrays: names and shapes, per layout.
        new("init weights: array missing", () => Import(SineNet(), """{"Wh": [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]}""", WeightLayout.HiddenOutput), typeof(SigmoidTorchException), "no array 'Wz'", "'Wz' [5, 1]"),
        new("init weights: matrix of the wrong shape", () => Import(SineNet(), """{"Wh": [[0, 0, 0, 0, 0]], "Wz": [[0], [0], [0], [0], [0]]}""", WeightLayout.HiddenOutput), typeof(SigmoidTorchException), "'Wh' has shape [1, 5]", "needs [2, 5]"),
        new("init weights: transposed matrix", () => Import(SineNet(), """{"Wh": [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0]], "Wz": [[0], [0], [0], [0], [0]]}""", WeightLayout.HiddenOutput), typeof(SigmoidTorchException), "[5, 2]", "[2, 5]"),
        new("init weights: unexpected array", () => Import(SineNet(), """{"Wh": [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], "Wz": [[0], [0], [0], [0], [0]], "W3": [1]}""", WeightLayout.HiddenOutput), typeof(SigmoidTorchException), "unexpected", "'W3'"),
        new("init weights: w too long", () => Import(ModelSpec.Neuron(2).Build(), """{"w": [1, 2, 3], "b": 0.5}""", WeightLayout.WeightBias), typeof(SigmoidTorchException), "'w' has shape [3]", "needs [2]"),
        new("init weights: b as a vector", () => Import(ModelSpec.Neuron(2).Build(), """{"w": [1, 2], "b": [0.5]}""", WeightLayout.WeightBias), typeof(SigmoidTorchException), "'b' has shape [1]", "needs []"),
        new("init weights: b missing", () => Import(ModelSpec.Neuron(2).Build(), """{"w": [1, 2]}""", WeightLayout.WeightBias), typeof(SigmoidTorchException), "no array 'b'"),
        new("init weights: synapse as a row", () => Import(ModelSpec.Neuron(2, bias: false).Build(), """{"synapse_0": [[1, 2]]}""", WeightLayout.Synapse), typeof(SigmoidTorchException), "'synapse_0' has shape [1, 2]", "needs [2, 1]"),
        new("init weights: synapse layout for a neuron with a bias", () => Import(ModelSpec.Neuron(2).Build(), """{"synapse_0": [[1], [2]]}""", WeightLayout.Synapse), typeof(SigmoidTorchException), "Synapse", "does not fit"),
        new("init weights: too large for float32", () => Import(ModelSpec.Neuron(2).Build(ScalarType.Float32), """{"w": [1, 1e300], "b": 0}""", WeightLayout.WeightBias), typeof(SigmoidTorchException), "'w' holds 1E+300", "float32"),
        new("init weights: ragged rows", () => Arrays("""{"Wh": [[1, 2], [3]]}"""), typeof(SigmoidTorchException), "ragged", "'Wh'"),
        new("init weights: text instead of numbers", () => Arrays("""{"w": [1, "two"]}"""), typeof(SigmoidTorchException), "numbers only", "String"),
        new("init weights: null value", () => Arrays("""{"b": null}"""), typeof(SigmoidTorchException), "numbers only", "Null"),
        new("init weights: number out of range", () => Arrays("""{"b": 1e999}"""), typeof(SigmoidTorchException), "out of range", "1e999"),
        new("init weights: the same name twice", () => Arrays("""{"b": 1, "b": 2}"""), typeof(SigmoidTorchException), "'b' twice"),
        new("init weights: an array instead of an object", () => Arrays("[1, 2]"), typeof(SigmoidTorchException), "JSON object", "found a JSON array"),
        new("init weights: not JSON", () => Arrays("w = [1, 2]"), typeof(SigmoidTorchException), "not valid JSON"),
        new("init weights: NaN literal", () => Arrays("""{"b": NaN}"""), typeof(SigmoidTorchException), "not valid JSON"),
        new("init weights: nested too deep", () => Arrays("""{"b": [[[[[[[[[1]]]]]]]]]}"""), typeof(SigmoidTorchException), "nested more than 8 deep"),
        new("init weights: a checkpoint given instead", () => Arrays("""{"format": "sigmoidtorch-checkpoint", "version": 1}"""), typeof(WeightsFileKindException), "is a SigmoidTorch checkpoint, not a file of named arrays"),
        new("init weights: file missing", () => NamedArrays.Load(Path.Combine(Path.GetTempPath(), "sigmoidtorch-no-such-file.json")), typeof(SigmoidTorchException), "does not exist", "sigmoidtorch-no-such-file.json"),

        // Seed 001's own settings.
        new("seed 001 with one point", () => SineRegression.Inputs(new SineRegressionConfig { Points = 1 }), typeof(SigmoidTorchException), "at least 2 points", "got 1"),
        new("seed 001 with an empty domain", () => SineRegression.Inputs(new SineRegressionConfig { MinX = 3, MaxX = 3 }), typeof(SigmoidTorchException), "MIN < MAX", "[3, 3]"),
    };

    private static TwoLayerNetwork SineNet() => SineRegression.CreateModel(new SineRegressionConfig(), ScalarType.Float64, CPU);

    public static TheoryData<string> Names => new(Cases.Select(c => c.Name));

    [Theory, MemberData(nameof(Names))]
    public void BadInputGivesAOneLineErrorNamingTheProblemAndValues(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        using var scope = NewDisposeScope();
        if (c.Name.StartsWith("CUDA device number", StringComparison.Ordinal) && DeviceSelector.CudaUnavailableReason() is null && cuda.device_count() > 64)
            return;   // a machine with 65 GPUs would make this input valid
        var e = Assert.ThrowsAny<SigmoidTorchException>(c.Act);
        output.WriteLine($"{e.GetType().Name}: {e.Message}");
        Assert.Equal(c.Expected, e.GetType());
        Assert.DoesNotContain('\n', e.Message);
        foreach (var word in c.Words)
            Assert.Contains(word, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTableHasNoDuplicateNames() => Assert.Equal(Cases.Count, Cases.Select(c => c.Name).Distinct().Count());

    /// <summary>A refused Fit leaves the model's weights as they were (it checks everything before it touches them).</summary>
    [Fact]
    public void ARefusedFitChangesNoWeight()
    {
        using var scope = NewDisposeScope();
        var model = Model();
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var nan = model.named_parameters().ToDictionary(p => p.name, p => full(p.parameter.shape, NaN, dtype: ScalarType.Float64));
        Assert.ThrowsAny<SigmoidTorchException>(() => Trainer.Fit(model, Data(features: 3), new TrainingOptions { InitialParameters = nan }));
        Assert.ThrowsAny<SigmoidTorchException>(() => Trainer.Fit(model, Data(), new TrainingOptions { LearningRate = -1, InitialParameters = nan }));
        Assert.ThrowsAny<SigmoidTorchException>(() => Trainer.Fit(model, Data(), new TrainingOptions { InitialParameters = nan }));
        var wrongShape = new Dictionary<string, Tensor>(nan.Select(kv => KeyValuePair.Create(kv.Key, zeros(kv.Value.shape, dtype: ScalarType.Float64))))
        {
            ["output.bias"] = zeros(2, dtype: ScalarType.Float64),
        };
        Assert.ThrowsAny<SigmoidTorchException>(() => model.SetParameters(wrongShape));
        Assert.ThrowsAny<SigmoidTorchException>(() => model.SetParameters(new Dictionary<string, Tensor> { ["hidden.weight"] = zeros(3, 2, dtype: ScalarType.Float64) }));
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.detach().eq(before[name]).all().item<bool>(), $"{name} changed");
    }
}

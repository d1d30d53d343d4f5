using SigmoidTorch.Devices;
using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>One configuration of the cross-check matrix, built reproducibly: model, data, loss.</summary>
public sealed record CrossCheckCase(string Model, string Activation, string OutputActivation, string Loss, string Bias, int Batch, string DType, string Device)
{
    public ScalarType ScalarType => DType == "float64" ? ScalarType.Float64 : ScalarType.Float32;

    public Loss LossFunction => SigmoidTorch.Functions.Loss.Parse(Loss);

    public ModelSpec Spec => Model switch
    {
        "neuron" => ModelSpec.Neuron(3, Bias != "none"),
        "mlp" => ModelSpec.Network(3, 4, 2, SigmoidTorch.Functions.Activation.Parse(Activation), Output, hiddenBias: Bias != "none", outputBias: Bias == "both"),
        _ => ModelSpec.Deep(Model["deep:".Length..].Split(',').Select(int.Parse).ToArray(), SigmoidTorch.Functions.Activation.Parse(Activation), Output,
                            hiddenBias: Bias != "none", outputBias: Bias == "both"),
    };

    private SigmoidTorch.Functions.Activation? Output => OutputActivation == "same" ? null : SigmoidTorch.Functions.Activation.Parse(OutputActivation);

    /// <summary>
    /// A fresh model (weights uniform in ±0.6 from a seeded generator) and a batch of data in the targets' natural range. The first seed from
    /// <paramref name="seed"/> on whose batch some gradient is non-zero is taken, so that no check passes on a
    /// network whose ReLUs are all dead (where every gradient is trivially zero).
    /// </summary>
    public (BackpropModel Model, Tensor X, Tensor Y) Build(long seed = 7)
    {
        var device = DeviceSelector.Resolve(Device);
        for (long s = seed; ; s++)
        {
            // Every random number comes from this test's own generator: tests run in parallel, the global one is shared.
            using var gen = new torch.Generator((ulong)s);
            var model = Spec.Build(ScalarType, device);
            model.SetParameters(model.named_parameters().ToDictionary(
                p => p.name, p => rand(p.parameter.shape, dtype: ScalarType.Float64, generator: gen).Times(1.2).Minus(0.6).to(ScalarType, device)));
            var x = rand(new long[] { Batch, Spec.Inputs }, dtype: ScalarType.Float64, generator: gen).Times(4).Minus(2).to(ScalarType, device);
            // Targets in [0, 1) (what the cross-entropy on a sigmoid takes), one-hot rows for the categorical cross-entropy.
            var y = (LossFunction == SigmoidTorch.Functions.Loss.SoftmaxCrossEntropy
                ? nn.functional.one_hot(randint(Spec.Outputs, new long[] { Batch }, generator: gen), Spec.Outputs)
                : rand(new long[] { Batch, Spec.Outputs }, dtype: ScalarType.Float64, generator: gen)).to(ScalarType, device);
            if (SigmoidTorch.Gradients.GradientCheck.Autograd(model, x, y, LossFunction).Any(g => g.Gradient.abs().max().to(ScalarType.Float64).item<double>() > 0))
                return (model, x, y);
            if (s > seed + 100) throw new InvalidOperationException($"{this}: no seed gives a non-zero gradient");
        }
    }

    public override string ToString() => $"{Spec} {Loss} batch={Batch} {DType} {Device}";

    /// <summary>The case as the arguments of a cross-check theory (model, activation, output, loss, bias, batch, dtype, device).</summary>
    public object[] Row() => [Model, Activation, OutputActivation, Loss, Bias, Batch, DType, Device];

    /// <summary>
    /// Every configuration of the matrix for one device name: the neuron and the two-layer network over the full product
    /// of their factors (activation × output × every loss they take × bias × batch × dtype), then the deep network, then
    /// the activations beyond the articles on a representative part of the grid (<see cref="BeyondTheArticles"/>).
    /// <paramref name="forFiniteDifferences"/> keeps the rows held against finite differences: float64, and no hidden layer
    /// of one unit — through a chain of those, the first layers' gradients vanish to 1e-6 of the loss and below, which
    /// central differences do not resolve (<see cref="SigmoidTorch.Gradients.Tolerance.Float64"/>); those rows are held against autograd.
    /// </summary>
    public static IEnumerable<CrossCheckCase> All(string device, bool forFiniteDifferences = false) =>
        TwoLayer(device, forFiniteDifferences).Concat(Deep(device, forFiniteDifferences).Where(c => !forFiniteDifferences || c.Spec.Sizes.Skip(1).SkipLast(1).All(n => n > 1)))
            .Concat(BeyondTheArticles(device).Where(c => !forFiniteDifferences || c.DType == "float64"));

    /// <summary>The losses of Ŷ itself, which every model takes: the squared errors and Huber's.</summary>
    private static IEnumerable<SigmoidTorch.Functions.Loss> OfThePrediction => SigmoidTorch.Functions.Loss.All.Where(l => !l.TakesLogits);

    private static readonly string[] Dtypes = { "float64", "float32" };

    private static IEnumerable<CrossCheckCase> TwoLayer(string device, bool float64Only)
    {
        string[] dtypes = float64Only ? new[] { "float64" } : Dtypes;
        foreach (var dtype in dtypes)
            foreach (var loss in OfThePrediction)
                foreach (var batch in new[] { 1, 4, 7 })
                {
                    foreach (var bias in new[] { "both", "none" })
                        yield return new CrossCheckCase("neuron", "sigmoid", "sigmoid", loss.Name, bias, batch, dtype, device);
                    foreach (var activation in new[] { "sigmoid", "tanh", "relu" })
                        foreach (var output in new[] { "same", "identity" })
                            foreach (var bias in new[] { "both", "none", "hidden" })
                                yield return new CrossCheckCase("mlp", activation, output, loss.Name, bias, batch, dtype, device);
                }
    }

    /// <summary>Every output activation of the deep network with every loss it takes: the squared errors with any, each cross-entropy with its own.</summary>
    private static readonly (string Output, string Loss)[] OutputLosses =
    [
        .. new[] { "identity", "sigmoid", "tanh", "softmax" }.SelectMany(o => OfThePrediction.Select(l => (o, l.Name))),
        ("sigmoid", "bce"),
        ("sigmoid", "bce-logits"),
        ("softmax", "softmax-ce"),
    ];

    private static string Layers(int depth, int width) => "deep:" + string.Join(',', new[] { 3 }.Concat(Enumerable.Repeat(width, depth - 1)).Append(3));

    /// <summary>
    /// The deep network, 3 inputs and 3 outputs, depth 1–4: the full product of the output layer's factors (every output
    /// activation with every loss it takes, at every depth, in both dtypes; sigmoid hidden layers 4 wide, biases on,
    /// batch 4), then an all-pairs covering array over every factor — depth × width (1 or 5) × hidden activation ×
    /// output and loss × bias × batch × dtype — so each pair of levels of any two factors meets in some row.
    /// </summary>
    private static IEnumerable<CrossCheckCase> Deep(string device, bool float64Only)
    {
        var rows = new List<CrossCheckCase>();
        foreach (var dtype in Dtypes)
            foreach (int depth in new[] { 1, 2, 3, 4 })
                foreach (var (output, loss) in OutputLosses)
                    rows.Add(new CrossCheckCase(Layers(depth, 4), "sigmoid", output, loss, "both", 4, dtype, device));
        int[] depths = { 1, 2, 3, 4 }, widths = { 1, 5 }, batches = { 1, 4, 7 };
        string[] activations = { "sigmoid", "tanh", "relu" }, biases = { "both", "none", "hidden" };
        foreach (var r in AllPairs.Rows([depths.Length, widths.Length, activations.Length, OutputLosses.Length, biases.Length, batches.Length, Dtypes.Length]))
            rows.Add(new CrossCheckCase(Layers(depths[r[0]], widths[r[1]]), activations[r[2]], OutputLosses[r[3]].Output, OutputLosses[r[3]].Loss,
                                        biases[r[4]], batches[r[5]], Dtypes[r[6]], device));
        return rows.Distinct().Where(c => !float64Only || c.DType == "float64");
    }

    /// <summary>The activations beyond the articles, with libtorch's defaults and with other numbers.</summary>
    private static readonly string[] Beyond = ["gelu", "gelu-tanh", "silu", "softplus", "leaky-relu", "elu", "softplus(2,10)", "leaky-relu(0.2)", "elu(0.5)"];

    /// <summary>
    /// Each activation beyond the articles (<see cref="Beyond"/>) as the hidden activation on a representative part of the
    /// grid rather than its full product (which would add some 2,000 rows): the two-layer network with the activation at
    /// its output too (mse) and with an identity output (Huber), and the deep network with hidden layers 5 wide under each
    /// kind of output layer (identity with Huber, sigmoid with bce-logits, softmax with softmax-ce, tanh with the
    /// quadratic cost), biases and batch sizes varied, in both dtypes: 108 rows.
    /// </summary>
    private static IEnumerable<CrossCheckCase> BeyondTheArticles(string device)
    {
        foreach (var dtype in Dtypes)
            foreach (var f in Beyond)
            {
                yield return new CrossCheckCase("mlp", f, "same", "mse", "both", 4, dtype, device);
                yield return new CrossCheckCase("mlp", f, "identity", "huber", "hidden", 7, dtype, device);
                yield return new CrossCheckCase("deep:3,5,5,3", f, "identity", "huber", "both", 4, dtype, device);
                yield return new CrossCheckCase("deep:3,5,5,3", f, "sigmoid", "bce-logits", "both", 4, dtype, device);
                yield return new CrossCheckCase("deep:3,5,5,3", f, "softmax", "softmax-ce", "none", 1, dtype, device);
                yield return new CrossCheckCase("deep:3,5,3", f, "tanh", "quadratic", "both", 7, dtype, device);
            }
    }
}

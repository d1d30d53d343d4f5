using System.Diagnostics;
using System.Runtime.InteropServices;
using SigmoidTorch.Data;
using SigmoidTorch.Functions;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using static TorchSharp.torch;

namespace SigmoidTorch.Articles.Seed001SineRegression;

/// <summary>
/// Seed 001, "A Neural Network in Python, Part 2": a (1 + bias) → hidden → 1 network, both layers with the chosen
/// activation, learns y = f(x) by mini-batch gradient descent on targets normalised into the activation's range.
/// </summary>
public static class SineRegression
{
    /// <summary>The activations the article trains with, in its order: sigmoid, tanh and ReLU.</summary>
    public static IReadOnlyList<Activation> Activations { get; } = [Activation.Sigmoid, Activation.Tanh, Activation.Relu];

    /// <summary>The article's learning rate for <paramref name="activation"/>: sigmoid 0.45, tanh 0.005, ReLU 0.0005.</summary>
    public static double ArticleLearningRate(Activation activation) => activation.Name switch
    {
        "sigmoid" => 0.45,
        "tanh" => 0.005,
        "relu" => 0.0005,
        _ => throw new SigmoidTorchException($"seed 001 has no learning rate for '{activation.Name}'"),
    };

    /// <summary>
    /// (mina, maxa), the range the targets are normalised into: the article's table — sigmoid (0, 1), tanh written
    /// (0, −1) (or (−1, 1) with <see cref="SineRegressionConfig.FixTanhRange"/>), ReLU (0, maxx).
    /// </summary>
    public static (double Min, double Max) TargetRange(SineRegressionConfig config) => config.Activation.Name switch
    {
        "sigmoid" => (0, 1),
        "tanh" => config.FixTanhRange ? (-1, 1) : (0, -1),
        "relu" => (0, config.MaxX),
        _ => throw new SigmoidTorchException($"seed 001 has no target range for '{config.Activation.Name}'"),
    };

    /// <summary>(miny, maxy), the range of f: the article's (−1, 1) for sin and cos, else the extremes of f over the points.</summary>
    public static (double Min, double Max) FunctionRange(SineRegressionConfig config, double[] y) =>
        config.Function is "sin" or "cos" ? (-1, 1) : (y.Min(), y.Max() > y.Min() ? y.Max() : y.Min() + 1);

    /// <summary>The loss the article trains on: ½ΣE², whose gradient gives its dZ = E ⊙ f'(Z) (the article adds η·dZ with E = Y − Z).</summary>
    public static Loss Loss { get; } = Loss.HalfSumSquared;

    /// <summary>What the network of the article is: (1 → hidden → 1), bias on the input layer only, the activation on both layers.</summary>
    public static NetworkSpec Spec(SineRegressionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return ModelSpec.Network(1, config.Hidden, 1, config.Activation, null, config.Bias, false);
    }

    /// <summary>
    /// The network of the article (<see cref="Spec"/>). The sizes of <paramref name="config"/> are checked first
    /// (<see cref="CheckSizes"/>).
    /// </summary>
    public static TwoLayerNetwork CreateModel(SineRegressionConfig config, ScalarType dtype, Device device)
    {
        CheckSizes(config);
        return new(1, config.Hidden, 1, config.Activation, null, hiddenBias: config.Bias, outputBias: false, dtype, device);
    }

    /// <summary>
    /// Checks, before anything is allocated, that a run of <paramref name="config"/> fits: a finite domain, at most
    /// <see cref="RunLimits.MaxSamples"/> points, at most <see cref="RunLimits.MaxSteps"/> steps, and the memory its
    /// training and evaluation need (<see cref="MemoryLimits.TrainingBytes"/>); a <see cref="ResourceLimitException"/> otherwise.
    /// </summary>
    public static void CheckSizes(SineRegressionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!double.IsFinite(config.MaxX - config.MinX))
            throw new SigmoidTorchException($"the domain [{config.MinX}, {config.MaxX}] must be finite, and so must its width MAX − MIN");
        double count = config.Points ?? Math.Floor(config.MaxX * 5 + 1);
        RunLimits.RequireAtMost(config.Points is null ? "seed 001: the default number of points, int(MAX·5 + 1)," : "seed 001: the number of points", count, RunLimits.MaxSamples);
        if (count < 2)
            throw new SigmoidTorchException($"seed 001 needs at least 2 points, got {count}"
                + (config.Points is null ? $" (the default number of points, int(MAX·5 + 1), for MAX = {config.MaxX.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})" : ""));
        long points = (long)count;
        var spec = Spec(config);
        long steps = Options(config).StepsPerRun(points);
        MemoryLimits.CheckTraining(spec, points, config.BatchSize, steps, $"seed 001 with {spec}, {RunLimits.Count(points)} points, {RunLimits.Count(config.Epochs)} epoch(s)");
    }

    /// <summary>The evenly spaced x of the article: np.linspace(minx, maxx, num=points).</summary>
    public static double[] Inputs(SineRegressionConfig config)
    {
        int n = config.PointCount;
        if (n < 2) throw new SigmoidTorchException($"seed 001 needs at least 2 points, got {n}");
        if (!(config.MaxX > config.MinX)) throw new SigmoidTorchException($"the domain must have MIN < MAX, got [{config.MinX}, {config.MaxX}]");
        // As numpy's linspace computes it: i·step + start, the last point set to stop.
        double step = (config.MaxX - config.MinX) / (n - 1);
        var x = Enumerable.Range(0, n).Select(i => i * step + config.MinX).ToArray();
        x[^1] = config.MaxX;
        return x;
    }

    /// <summary>Normalises y from (miny, maxy) into (mina, maxa), exactly as the article writes it.</summary>
    public static double Normalise(double y, (double Min, double Max) f, (double Min, double Max) a) => (y - f.Min) * (a.Max - a.Min) / (f.Max - f.Min) + a.Min;

    /// <summary>The article's inverse: Z = ((miny − maxy)·Z − maxa·miny + maxy·mina) / (mina − maxa).</summary>
    public static double Denormalise(double z, (double Min, double Max) f, (double Min, double Max) a) => ((f.Min - f.Max) * z - a.Max * f.Min + f.Max * a.Min) / (a.Min - a.Max);

    /// <summary>
    /// The article's starting weights for a network of <paramref name="spec"/> with <paramref name="init"/>, drawn (in
    /// float64) from a generator seeded with <paramref name="seed"/>: as state_dict tensors of <paramref name="dtype"/>
    /// on <paramref name="device"/> (the CPU when null).
    /// </summary>
    public static Dictionary<string, Tensor> InitialWeights(NetworkSpec spec, WeightInit init, long seed, ScalarType dtype = ScalarType.Float64, Device? device = null) =>
        ArticleLayout.Import(spec, dtype, device ?? CPU, InitialArrays(spec, init, seed), WeightLayout.HiddenOutput, $"{init} initialisation");

    /// <summary>
    /// The same starting weights as the article keeps them (<see cref="WeightLayout.HiddenOutput"/>: <c>Wh</c> and
    /// <c>Wz</c>, each with its bias row first): the draw itself, before it is mapped onto a network's parameters.
    /// </summary>
    public static Dictionary<string, NamedArray> InitialArrays(NetworkSpec spec, WeightInit init, long seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        int inputRows = spec.Inputs + (spec.HiddenBias ? 1 : 0);
        Tensor Uniform(long rows, long cols, double r) => rand(new[] { rows, cols }, dtype: ScalarType.Float64, generator: generator).Times(2 * r).Minus(r);
        double Range(int fanIn, int fanOut) => init switch
        {
            WeightInit.Article => Math.Sqrt(2.0 / fanIn),
            WeightInit.Xavier => Math.Sqrt(6.0 / (fanIn + fanOut)),
            _ => 1 / Math.Sqrt(fanIn),
        };
        var wh = Uniform(inputRows, spec.Hidden, Range(inputRows, spec.Hidden));
        int hiddenRows = spec.Hidden + (spec.OutputBias ? 1 : 0);
        var wz = Uniform(hiddenRows, spec.Outputs, Range(hiddenRows, spec.Outputs));
        return new Dictionary<string, NamedArray> { ["Wh"] = NamedArray.From("Wh", wh), ["Wz"] = NamedArray.From("Wz", wz) };
    }

    /// <summary>The article's training set: x at the evenly spaced points, f(x) normalised into the activation's range.</summary>
    public static Dataset TrainingData(SineRegressionConfig config, ScalarType dtype, Device device) => Setup(config, dtype, device).Data;

    // The points, f at them, the two normalisation ranges and the normalised training set, computed once.
    private static (double[] X, double[] Y, (double, double) FRange, (double, double) ARange, Dataset Data) Setup(SineRegressionConfig config, ScalarType dtype, Device device)
    {
        CheckSizes(config);
        double[] x = Inputs(config);
        double[] y = x.Select(TargetFunction.Named(config.Function).F).ToArray();
        var (fRange, aRange) = (FunctionRange(config, y), TargetRange(config));
        var data = Dataset.FromArrays(Column(x), Column(y.Select(v => Normalise(v, fRange, aRange)).ToArray()), dtype, device);
        return (x, y, fRange, aRange, data);
    }

    /// <summary>The training options of the article: its batches in order, its learning rate, ½ΣE² stepped along, ΣE² reported.</summary>
    public static TrainingOptions Options(SineRegressionConfig config) => new()
    {
        Epochs = config.Epochs,
        BatchSize = config.BatchSize,
        LearningRate = config.EffectiveLearningRate,
        Loss = Loss,                       // dZ = E ⊙ f'(Z) with E = Y − Z is −∂(½ΣE²)/∂Z
        ReportedLoss = Loss.SumSquared,    // epochLoss.append(ΣE²)
        Trainer = config.Trainer,
        Step = config.Step,
    };

    /// <summary>
    /// Trains and evaluates. <paramref name="start"/> gives the starting weights (state_dict names); null draws them
    /// with <see cref="SineRegressionConfig.Init"/>. <paramref name="onEpoch"/> sees every epoch (progress).
    /// </summary>
    public static SineRegressionResult Run(SineRegressionConfig config, ScalarType dtype, Device device,
                                           IReadOnlyDictionary<string, Tensor>? start = null, Action<EpochInfo>? onEpoch = null)
    {
        var function = TargetFunction.Named(config.Function);
        var (x, y, fRange, aRange, data) = Setup(config, dtype, device);

        var model = CreateModel(config, dtype, device);
        model.SetParameters(start ?? InitialWeights(Spec(config), config.Init, config.Seed, dtype, device));

        var clock = Stopwatch.StartNew();
        var history = Trainer.Fit(model, data, Options(config) with { OnEpoch = onEpoch });
        double seconds = clock.Elapsed.TotalSeconds;
        var dead = DeadUnits.Find(model, data.X);

        // Evaluation on x shifted by half a step, so the network is tested off its training points.
        double shift = config.MaxX / (config.PointCount - 1) / 2;
        double[] testX = x.Select(v => v + shift).ToArray();
        double[] testY = testX.Select(function.F).ToArray();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(Column(testX), dtype: dtype, device: device);
        // The hidden layer once, copied straight into the [points, hidden] array (a wide layer's values take gigabytes).
        var hidden = model.HiddenLayer(input);
        double[] z = model.OutputLayer(hidden).to(ScalarType.Float64).cpu().data<double>().ToArray();
        double[] prediction = z.Select(v => Denormalise(v, fRange, aRange)).ToArray();
        double testMse = prediction.Zip(testY, (p, t) => (p - t) * (p - t)).Average();
        var hiddenValues = new double[testX.Length, config.Hidden];
        using (var values = hidden.to(ScalarType.Float64).cpu().contiguous())
            values.bytes.CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(hiddenValues), hiddenValues.Length * sizeof(double)));
        return new SineRegressionResult(model, history, seconds, x, y, testX, testY, prediction, hiddenValues, testMse, dead);
    }

    /// <summary>The article's stats line: [ in hidden out ] Activation: … Iterations: … Learning rate: … Final loss: … Time: …</summary>
    public static string StatsLine(SineRegressionConfig config, SineRegressionResult result) =>
        $"[ {(config.Bias ? 2 : 1)} {config.Hidden} 1 ] Activation: {ArticleName(config.Activation)} Iterations: {config.Epochs} " +
        $"Learning rate: {config.EffectiveLearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} " +
        $"Final loss: {result.History.FinalLoss.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} Time: {result.Seconds:F4}";

    private static string ArticleName(Activation a) => a.Name == "relu" ? "ReLU" : a.Name;

    private static double[,] Column(double[] values)
    {
        var column = new double[values.Length, 1];
        for (int i = 0; i < values.Length; i++) column[i, 0] = values[i];
        return column;
    }
}

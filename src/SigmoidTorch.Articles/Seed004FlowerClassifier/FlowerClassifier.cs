using SigmoidTorch.Data;
using SigmoidTorch.Functions;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using static TorchSharp.torch;

namespace SigmoidTorch.Articles.Seed004FlowerClassifier;

/// <summary>
/// Seed 004, "Build your perceptron neural net from scratch": a sigmoid neuron with a bias reads a flower's petal
/// length and width and tells two kinds apart. The cost is the squared error (pred − target)², whose derivative
/// 2(pred − target) times σ'(z) times the input (1 for the bias) gives the step; the learning rate is 0.2 and every
/// update looks at one flower, taken in random order.
/// </summary>
public static class FlowerClassifier
{
    /// <summary>The default pair: versicolor (class 0) against virginica (class 1), which overlap a little.</summary>
    public static IReadOnlyList<string> DefaultSpecies { get; } = new[] { "versicolor", "virginica" };

    /// <summary>
    /// The two kinds to use: <paramref name="requested"/> when given (both must be in the data, and differ); else
    /// <see cref="DefaultSpecies"/> when the data has both (also written <c>Iris-versicolor</c>, <c>Versicolor</c>, …);
    /// else the data's two kinds when it has exactly two.
    /// </summary>
    public static IReadOnlyList<string> ChooseSpecies(IReadOnlyList<Flower> flowers, IReadOnlyList<string>? requested)
    {
        var kinds = FlowerData.Species(flowers);
        string known = string.Join(", ", kinds);
        if (requested is not null)
        {
            if (requested.Count != 2) throw new SigmoidTorchException($"give exactly two kinds of flower, got {requested.Count}");
            if (requested[0] == requested[1]) throw new SigmoidTorchException($"the two kinds must differ, got '{requested[0]}' twice");
            foreach (var kind in requested)
                if (!kinds.Contains(kind)) throw new SigmoidTorchException($"the data has no flowers of kind '{kind}' (it has {known})");
            return requested.ToList();
        }
        // UCI's and Kaggle's files call them Iris-versicolor, Iris-virginica; others capitalise them.
        var defaults = DefaultSpecies.Select(d => kinds.FirstOrDefault(k => string.Equals(StripGenus(k), d, StringComparison.OrdinalIgnoreCase))).ToList();
        if (defaults.All(d => d is not null)) return defaults!;
        if (kinds.Count == 2) return kinds;
        throw new SigmoidTorchException($"the data has {kinds.Count} kinds of flower ({known}): choose two");
    }

    private static string StripGenus(string kind) =>
        kind.StartsWith("iris-", StringComparison.OrdinalIgnoreCase) || kind.StartsWith("iris ", StringComparison.OrdinalIgnoreCase) ? kind[5..] : kind;

    /// <summary>Parses "A,B" into two kinds of flower.</summary>
    public static IReadOnlyList<string> ParseSpecies(string text)
    {
        var parts = (text ?? "").Split(',').Select(p => p.Trim()).ToArray();
        if (parts.Length != 2 || parts.Any(p => p.Length == 0))
            throw new SigmoidTorchException($"expected two kinds of flower as A,B (e.g. versicolor,virginica), got '{text}'");
        return parts;
    }

    /// <summary>What the article's neuron is: two inputs and a bias.</summary>
    public static ModelSpec Spec { get; } = ModelSpec.Neuron(2, bias: true);

    /// <summary>The loss the article trains on: (pred − target)² per flower.</summary>
    public static Loss Loss { get; } = Loss.SumSquared;

    /// <summary>The neuron of the article: two inputs and a bias.</summary>
    public static SigmoidNeuron CreateModel(ScalarType dtype, Device device) => new(2, bias: true, dtype, device);

    /// <summary>
    /// Starting weights as the article's code draws them, each of w₁, w₂ and b from a standard normal
    /// (here TorchSharp's generator seeded with <paramref name="seed"/>): by state_dict name, float64 on the CPU.
    /// </summary>
    public static Dictionary<string, Tensor> InitialWeights(long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var draw = randn(new long[] { 3 }, dtype: ScalarType.Float64, generator: generator);
        double[] v = draw.data<double>().ToArray();
        var arrays = new Dictionary<string, NamedArray>
        {
            ["w"] = new("w", new long[] { 2 }, new[] { v[0], v[1] }),
            ["b"] = new("b", Array.Empty<long>(), new[] { v[2] }),
        };
        return ArticleLayout.Import(Spec, ScalarType.Float64, CPU, arrays, WeightLayout.WeightBias, "the random starting weights");
    }

    /// <summary>
    /// One flower per step in a fresh random order every epoch, squared error, the article's learning rate, stopping
    /// when the loss stops falling (<see cref="FlowerClassifierConfig.Plateau"/>).
    /// </summary>
    public static TrainingOptions Options(FlowerClassifierConfig config) => new()
    {
        Epochs = config.Epochs,
        BatchSize = 1,
        LearningRate = config.LearningRate,
        Loss = Loss,                // cost (pred − target)², ∂cost/∂pred = 2(pred − target)
        Shuffle = true,
        Seed = config.Seed,
        Trainer = config.Trainer,
        StopOnPlateau = config.Plateau,
    };

    /// <summary>
    /// Trains on the flowers of the two chosen kinds of <paramref name="flowers"/>. <paramref name="start"/> gives the
    /// starting weights (state_dict names); null draws them (<see cref="InitialWeights"/>). <paramref name="onEpoch"/>
    /// sees every epoch (progress).
    /// </summary>
    public static FlowerClassifierResult Run(FlowerClassifierConfig config, IReadOnlyList<Flower> flowers, ScalarType dtype, Device device,
                                             IReadOnlyDictionary<string, Tensor>? start = null, Action<EpochInfo>? onEpoch = null)
    {
        var species = ChooseSpecies(flowers, config.Species);
        var used = flowers.Where(f => species.Contains(f.Species)).ToList();
        int[] classes = used.Select(f => f.Species == species[1] ? 1 : 0).ToArray();
        var raw = used.Select(f => new[] { f.Length, f.Width }).ToList();
        var scaling = config.Standardize ? InputScaling.Standardizing(raw) : InputScaling.Identity(2);

        var x = new double[used.Count, 2];
        var y = new double[used.Count, 1];
        for (int i = 0; i < used.Count; i++)
        {
            var scaled = scaling.Apply(raw[i]);
            (x[i, 0], x[i, 1], y[i, 0]) = (scaled[0], scaled[1], classes[i]);
        }
        var model = CreateModel(dtype, device);
        model.SetParameters(start ?? InitialWeights(config.Seed));
        var data = Dataset.FromArrays(x, y, dtype, device);

        var options = Options(config);
        MemoryLimits.CheckFit(model, data, options);
        var history = Trainer.Fit(model, data, options with { OnEpoch = onEpoch });

        var parameters = ArticleLayout.Export(model, WeightLayout.WeightBias).ToDictionary(a => a.Name);
        double[] w = parameters["w"].Data;
        double b = parameters["b"].Data[0];
        var (boundaryW, boundaryB) = scaling.Unscale(w, b);
        double[] p = Probabilities(model, scaling, raw);
        double accuracy = p.Where((v, i) => (v >= 0.5 ? 1 : 0) == classes[i]).Count() / (double)used.Count;
        return new FlowerClassifierResult(model, species, used, classes, scaling, history, accuracy, w, b, boundaryW, boundaryB);
    }

    /// <summary>σ(w·x' + b) for each raw (length, width) point, x' its scaled form: the probability of class 1.</summary>
    public static double[] Probabilities(BackpropModel model, InputScaling scaling, IReadOnlyList<double[]> points)
    {
        if (points.Count == 0) return Array.Empty<double>();
        var x = new double[points.Count, 2];
        for (int i = 0; i < points.Count; i++)
        {
            var scaled = scaling.Apply(points[i]);
            (x[i, 0], x[i, 1]) = (scaled[0], scaled[1]);
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = model.forward(tensor(x, dtype: model.DType, device: model.Device));
        return output.to(ScalarType.Float64).cpu().data<double>().ToArray();
    }

    /// <summary>The trained neuron's verdict on a flower with the given petal measurements.</summary>
    public static FlowerPrediction Predict(FlowerClassifierResult result, double length, double width)
    {
        double p = Probabilities(result.Model, result.Scaling, new[] { new[] { length, width } })[0];
        return new FlowerPrediction(length, width, p, result.Species[p >= 0.5 ? 1 : 0]);
    }

    /// <summary>The probability of class 1 over a grid: <c>z[iy, ix]</c> at (<paramref name="xs"/>[ix], <paramref name="ys"/>[iy]).</summary>
    public static double[,] ProbabilityGrid(FlowerClassifierResult result, double[] xs, double[] ys)
    {
        var points = ys.SelectMany(v => xs.Select(u => new[] { u, v })).ToList();
        double[] p = Probabilities(result.Model, result.Scaling, points);
        var z = new double[ys.Length, xs.Length];
        for (int iy = 0; iy < ys.Length; iy++)
            for (int ix = 0; ix < xs.Length; ix++)
                z[iy, ix] = p[iy * xs.Length + ix];
        return z;
    }

    /// <summary>
    /// The part of the line w₁·x + w₂·y + b = 0 inside the box [xMin, xMax] × [yMin, yMax], as its two end points;
    /// null when the line misses the box (or w is zero).
    /// </summary>
    public static (double[] X, double[] Y)? BoundarySegment(IReadOnlyList<double> w, double b, double xMin, double xMax, double yMin, double yMax)
    {
        var points = new List<(double X, double Y)>();
        const double slack = 1e-12;
        if (w[1] != 0)
            foreach (double x in new[] { xMin, xMax })
            {
                double y = -(w[0] * x + b) / w[1];
                if (y >= yMin - slack && y <= yMax + slack) points.Add((x, y));
            }
        if (w[0] != 0)
            foreach (double y in new[] { yMin, yMax })
            {
                double x = -(w[1] * y + b) / w[0];
                if (x >= xMin - slack && x <= xMax + slack) points.Add((x, y));
            }
        if (points.Count < 2) return null;
        var ends = points.OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        return (new[] { ends[0].X, ends[^1].X }, new[] { ends[0].Y, ends[^1].Y });
    }
}

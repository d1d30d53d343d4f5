using System.Diagnostics;
using SigmoidTorch.Data;
using SigmoidTorch.Functions;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using static TorchSharp.torch;

namespace SigmoidTorch.Articles.Seed000SigmoidNeuronTraining;

/// <summary>
/// Seed 000, "Constructing a Sigmoid Perceptron in Python": a two-input sigmoid neuron ŷ = σ(w·x + b) learns the
/// six-point toy set of the PadhAI lineage. The article's <c>fit</c> takes one input and makes one update,
/// grad_w = (ŷ − y)·ŷ·(1 − ŷ)·x and grad_b = (ŷ − y)·ŷ·(1 − ŷ) (the gradient of ½(ŷ − y)²), and an outer loop feeds
/// the inputs in turn, drawing one frame per update. Here that is <see cref="Trainer.Fit"/> with batches of one row,
/// in order, stopped after <see cref="SigmoidNeuronTrainingConfig.Frames"/> steps.
/// </summary>
public static class SigmoidNeuronTraining
{
    /// <summary>The default start's w: (−1.5, 0.5), pointing away from class 1 (which lies towards +x1, −x2).</summary>
    public static IReadOnlyList<double> DefaultW { get; } = new[] { -1.5, 0.5 };

    /// <summary>The default start's b: 0, so the boundary crosses the middle of the data, facing the wrong way.</summary>
    public const double DefaultB = 0;

    /// <summary>Left/bottom edge of the frames' mesh grid (both inputs): the data span [−4, 5], with room around it.</summary>
    public const double GridMin = -6;

    /// <summary>Right/top edge of the frames' mesh grid (both inputs).</summary>
    public const double GridMax = 6;

    /// <summary>The toy set's inputs, [6, 2].</summary>
    public static double[,] ToyX() => new[,] { { 2.5, 2.5 }, { 4, -1 }, { 1, -4 }, { -3, 1.25 }, { -2, -4 }, { 1, 5 } };

    /// <summary>The toy set's classes, [6, 1]: the first three points are class 1, the last three class 0.</summary>
    public static double[,] ToyY() => new double[,] { { 1 }, { 1 }, { 1 }, { 0 }, { 0 }, { 0 } };

    /// <summary>The toy set's points with their classes, for drawing.</summary>
    public static IReadOnlyList<(double X, double Y, int Class)> ToyPoints()
    {
        var (x, y) = (ToyX(), ToyY());
        return Enumerable.Range(0, x.GetLength(0)).Select(i => (x[i, 0], x[i, 1], (int)y[i, 0])).ToList();
    }

    /// <summary>The toy set as a data set of <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    public static Dataset ToySet(ScalarType dtype, Device device) => Dataset.FromArrays(ToyX(), ToyY(), dtype, device);

    /// <summary>What the article's model is: a sigmoid neuron with two inputs and a bias.</summary>
    public static ModelSpec Spec { get; } = ModelSpec.Neuron(2, bias: true);

    /// <summary>The loss the article trains on: ½(ŷ − y)² per sample.</summary>
    public static Loss Loss { get; } = Loss.HalfSumSquared;

    /// <summary>The article's model: a sigmoid neuron with two inputs and a bias.</summary>
    public static SigmoidNeuron CreateModel(ScalarType dtype, Device device) => new(2, bias: true, dtype, device);

    /// <summary>
    /// The default start, "as wrong as possible" in the article's words, as state_dict tensors (float64, on the CPU):
    /// w = (−1.5, 0.5), b = 0 puts every point of the toy set on the wrong side of the
    /// boundary (accuracy 0, mean squared error 0.81 of a possible 1). Larger weights would be wronger still but push
    /// σ into saturation, where the article's gradient, a multiple of ŷ(1 − ŷ), all but vanishes and 120 updates no
    /// longer recover (w = (−2, 1) is still at accuracy 1/3 after them).
    /// </summary>
    public static Dictionary<string, Tensor> DefaultStart()
    {
        var arrays = new Dictionary<string, NamedArray>
        {
            ["w"] = new("w", new long[] { 2 }, DefaultW.ToArray()),
            ["b"] = new("b", Array.Empty<long>(), new[] { DefaultB }),
        };
        return ArticleLayout.Import(Spec, ScalarType.Float64, CPU, arrays, WeightLayout.WeightBias, "the default start");
    }

    /// <summary>
    /// The training options of the article: batches of one row in storage order (no shuffling), the gradient of
    /// ½(ŷ − y)², enough epochs to make <see cref="SigmoidNeuronTrainingConfig.Frames"/> updates, stopped there.
    /// </summary>
    public static TrainingOptions Options(SigmoidNeuronTrainingConfig config, int samples) => new()
    {
        Epochs = (config.Frames + samples - 1) / samples,
        BatchSize = 1,
        Shuffle = false,
        MaxSteps = config.Frames,
        LearningRate = config.LearningRate,
        Loss = Loss,                   // ∂(½(ŷ − y)²)/∂ŷ = ŷ − y, so grad_w = (ŷ − y)·ŷ(1 − ŷ)·x as the article
        Trainer = config.Trainer,
    };

    /// <summary>The mean squared error of <paramref name="model"/> on all of <paramref name="data"/> (the article's loss).</summary>
    public static double SetLoss(BackpropModel model, Dataset data)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Loss.MeanSquared.Value(model.forward(data.X), data.Y).to(ScalarType.Float64).cpu().item<double>();
    }

    /// <summary>The share of <paramref name="data"/> that <paramref name="model"/> classifies right (class 1 when ŷ ≥ 0.5).</summary>
    public static double Accuracy(BackpropModel model, Dataset data)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var predicted = model.forward(data.X).GreaterOrEqual(0.5).to(data.Y.dtype);
        return predicted.eq(data.Y).to(ScalarType.Float64).mean().cpu().item<double>();
    }

    /// <summary><paramref name="count"/> evenly spaced values from <paramref name="min"/> to <paramref name="max"/> (both included).</summary>
    public static double[] MeshAxis(double min, double max, int count)
    {
        if (count < 2) throw new SigmoidTorchException($"a mesh axis needs at least 2 points, got {count}");
        if (!(max > min) || !double.IsFinite(min) || !double.IsFinite(max)) throw new SigmoidTorchException($"a mesh axis needs finite MIN < MAX, got [{min}, {max}]");
        var axis = Enumerable.Range(0, count).Select(i => min + (max - min) * i / (count - 1)).ToArray();
        axis[^1] = max;
        return axis;
    }

    /// <summary>
    /// The neuron's output over the mesh grid of <paramref name="xs"/> (x1) and <paramref name="ys"/> (x2), as
    /// <c>z[iy, ix]</c> = σ(w·(xs[ix], ys[iy]) + b), computed in one forward pass on the model's device.
    /// </summary>
    public static double[,] OutputGrid(SigmoidNeuron model, double[] xs, double[] ys)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        if (xs.Length == 0 || ys.Length == 0) throw new SigmoidTorchException($"the mesh grid is empty ({ys.Length}×{xs.Length})");
        var points = new double[ys.Length * xs.Length, 2];
        for (int iy = 0; iy < ys.Length; iy++)
            for (int ix = 0; ix < xs.Length; ix++)
                (points[iy * xs.Length + ix, 0], points[iy * xs.Length + ix, 1]) = (xs[ix], ys[iy]);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(points, dtype: model.DType, device: model.Device);
        double[] flat = model.forward(input).to(ScalarType.Float64).cpu().data<double>().ToArray();
        var z = new double[ys.Length, xs.Length];
        Buffer.BlockCopy(flat, 0, z, 0, flat.Length * sizeof(double));
        return z;
    }

    /// <summary>
    /// The neuron's output as a function of (x1, x2), σ(w1·x1 + w2·x2 + b) with its current w and b (copied now:
    /// later updates do not change it), for drawing as a surface.
    /// </summary>
    public static Func<double, double, double> OutputFunction(SigmoidNeuron model)
    {
        var weights = ArticleLayout.Export(model, WeightLayout.WeightBias).ToDictionary(a => a.Name);
        double w1 = weights["w"].Data[0], w2 = weights["w"].Data[1];
        double b = weights.TryGetValue("b", out var bias) ? bias.Data[0] : 0;
        return (x1, x2) => 1 / (1 + Math.Exp(-(w1 * x1 + w2 * x2 + b)));
    }

    /// <summary>σ(z) = 1/(1 + e^−z) at <paramref name="count"/> evenly spaced z from <paramref name="min"/> to <paramref name="max"/>: the 2-D sigmoid curve.</summary>
    public static (double[] Z, double[] Sigma) SigmoidCurve(double min = -10, double max = 10, int count = 201)
    {
        double[] z = MeshAxis(min, max, count);
        using var scope = NewDisposeScope();
        double[] sigma = Activation.Sigmoid.Apply(tensor(z, dtype: ScalarType.Float64)).data<double>().ToArray();
        return (z, sigma);
    }

    /// <summary>
    /// Trains a fresh neuron on the toy set, starting from <paramref name="start"/> (state_dict names; null for
    /// <see cref="DefaultStart"/>), one input per update in order, <see cref="SigmoidNeuronTrainingConfig.Frames"/>
    /// updates in all. After every update the loss on the whole set is recorded and <paramref name="onFrame"/> (to draw
    /// the frame, report progress) is called; its time is not counted in <see cref="SigmoidNeuronTrainingResult.Seconds"/>.
    /// </summary>
    public static SigmoidNeuronTrainingResult Run(SigmoidNeuronTrainingConfig config, ScalarType dtype, Device device,
                                                  IReadOnlyDictionary<string, Tensor>? start = null, Action<SigmoidNeuronFrame>? onFrame = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Frames < 0) throw new SigmoidTorchException($"frames must be 0 or more, got {config.Frames}");
        RunLimits.RequireAtMost("seed 000: the number of frames (updates)", config.Frames, RunLimits.MaxSteps);
        var model = CreateModel(dtype, device);
        model.SetParameters(start ?? DefaultStart());
        var data = ToySet(dtype, device);
        var losses = new List<double>(config.Frames);

        var clock = Stopwatch.StartNew();
        var inCallback = new Stopwatch();
        var options = Options(config, data.Count);
        MemoryLimits.CheckFit(model, data, options);
        Trainer.Fit(model, data, options with
        {
            OnStep = s =>
            {
                double loss = SetLoss(model, data);
                losses.Add(loss);
                inCallback.Start();
                onFrame?.Invoke(new SigmoidNeuronFrame(s.Step, loss, model));
                inCallback.Stop();
            },
        });
        double seconds = (clock.Elapsed - inCallback.Elapsed).TotalSeconds;
        return new SigmoidNeuronTrainingResult(model, losses, Accuracy(model, data), seconds);
    }
}

using System.Diagnostics;
using SigmoidTorch.Data;
using SigmoidTorch.Functions;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using static TorchSharp.torch;

namespace SigmoidTorch.Articles;

/// <summary>A test image the trained network reads wrong.</summary>
/// <param name="Row">Its line in the data file, from 0.</param>
/// <param name="Label">The digit it shows.</param>
/// <param name="Predicted">The digit the network reads.</param>
/// <param name="Pixels">Its 64 pixels, 0–16, row by row.</param>
public sealed record Misread(int Row, int Label, int Predicted, double[] Pixels);

/// <summary>What a DigitClassifier run produced.</summary>
/// <param name="Model">The trained network.</param>
/// <param name="History">The loss per epoch (the mean over its batches of each batch's cost) and per step.</param>
/// <param name="CorrectPerEpoch">Test images read right after each epoch, network.py's "Epoch k: n / 299".</param>
/// <param name="TestCorrect">Test images the trained network reads right.</param>
/// <param name="TestTotal">Test images, 299.</param>
/// <param name="Confusion">[digit, read as]: how often each test digit was read as each digit.</param>
/// <param name="Misread">The test images read wrong, in file order.</param>
/// <param name="Seconds">Wall time of the training, the evaluation after every epoch included (as network.py's loop).</param>
public sealed record DigitClassifierResult(DeepNetwork Model, TrainingHistory History, IReadOnlyList<int> CorrectPerEpoch, int TestCorrect, int TestTotal,
                                           int[,] Confusion, IReadOnlyList<Misread> Misread, double Seconds)
{
    /// <summary>The share of the test images read right.</summary>
    public double TestAccuracy => (double)TestCorrect / TestTotal;
}

/// <summary>
/// Seed 002 and Nielsen's chapter 1 in full: a network of sigmoid neurons learns to read handwritten digits. Each 8×8
/// image is 64 inputs (pixels/16, in [0, 1]); the target is the digit as a one-hot vector of 10; the network's answer
/// is its largest output. Training is network.py's: mini-batch gradient descent on the training images, the test
/// images read after every epoch. The gradients come from <see cref="Gradients.DeepBackprop"/> (or autograd) through
/// <see cref="Trainer.Fit"/>.
/// </summary>
public static class DigitClassifier
{
    /// <summary>The costs by their names in Nielsen's chapters: quadratic, cross-entropy (chapter 3, on sigmoid outputs), softmax-ce.</summary>
    public static IReadOnlyDictionary<string, Loss> Costs { get; } = new Dictionary<string, Loss>
    {
        ["quadratic"] = Loss.Quadratic,
        ["cross-entropy"] = Loss.BinaryCrossEntropy,
        ["softmax-ce"] = Loss.SoftmaxCrossEntropy,
    };

    /// <summary>The network of <paramref name="config"/>: its layers, f on the hidden layers, and the output layer its cost belongs to (sigmoid, or softmax for softmax-ce).</summary>
    public static ModelSpec Spec(DigitClassifierConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return ModelSpec.Deep(config.Layers, config.Activation, config.Loss.Output ?? Activation.Sigmoid);
    }

    /// <summary>
    /// Checks, before anything is allocated, that <paramref name="config"/> fits the digits: layer sizes from 64 (the
    /// pixels) to 10 (the digits), a valid network within the size limits, at most <see cref="RunLimits.MaxSteps"/> steps
    /// and the memory training needs. A one-line <see cref="SigmoidTorchException"/> (or <see cref="ResourceLimitException"/>) otherwise.
    /// </summary>
    public static void CheckSizes(DigitClassifierConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Layers.Count < 2)
            throw new SigmoidTorchException($"a network needs at least two layer sizes, the {DigitData.Pixels} pixels and the {DigitData.Classes} digits, got [{string.Join(", ", config.Layers)}]");
        if (config.Layers[0] != DigitData.Pixels)
            throw new SigmoidTorchException($"the first layer size must be {DigitData.Pixels}, one input per pixel of the 8×8 images, got {config.Layers[0]}");
        if (config.Layers[^1] != DigitData.Classes)
            throw new SigmoidTorchException($"the last layer size must be {DigitData.Classes}, one output per digit, got {config.Layers[^1]}");
        var spec = Spec(config);
        spec.Validate();
        spec.CheckLoss(config.Loss);
        if (config.BatchSize <= 0) throw new SigmoidTorchException($"batch size must be at least 1, got {config.BatchSize}");
        const int Training = 1498;
        long steps = new TrainingOptions { Epochs = config.Epochs, BatchSize = config.BatchSize }.StepsPerRun(Training);
        MemoryLimits.CheckTraining(spec, Training, config.BatchSize, steps, $"the digits with {spec}, {RunLimits.Count(config.Epochs)} epoch(s)");
    }

    /// <summary>
    /// Starting weights as network.py draws them, every bias and weight from a standard normal (biases first, then the
    /// weights, layer by layer), here from TorchSharp's generator seeded with <paramref name="seed"/>: by state_dict name.
    /// </summary>
    public static Dictionary<string, Tensor> InitialWeights(ModelSpec spec, long seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var generator = new Generator((ulong)seed);
        var biases = Enumerable.Range(1, spec.Depth).Select(l => randn(new long[] { spec.Sizes[l] }, dtype: ScalarType.Float64, generator: generator)).ToList();
        var weights = Enumerable.Range(1, spec.Depth).Select(l => randn(new long[] { spec.Sizes[l], spec.Sizes[l - 1] }, dtype: ScalarType.Float64, generator: generator)).ToList();
        var result = new Dictionary<string, Tensor>();
        for (int l = 0; l < spec.Depth; l++)
        {
            result[$"layers.{l}.weight"] = weights[l];
            result[$"layers.{l}.bias"] = biases[l];
        }
        return result;
    }

    /// <summary>The images as inputs, pixels/16, [n, 64].</summary>
    public static Tensor Inputs(DigitSet set, ScalarType dtype, Device device)
    {
        ArgumentNullException.ThrowIfNull(set);
        return tensor(set.Pixels, dtype: ScalarType.Float64).Over(DigitData.MaxPixel).to(dtype, device);
    }

    /// <summary>The labels as one-hot targets, [n, 10].</summary>
    public static Tensor Targets(DigitSet set, ScalarType dtype, Device device)
    {
        ArgumentNullException.ThrowIfNull(set);
        return nn.functional.one_hot(tensor(set.Labels.Select(l => (long)l).ToArray()), DigitData.Classes).to(dtype, device);
    }

    /// <summary>The digit the network reads in each image: the index of its largest output.</summary>
    public static int[] Read(BackpropModel model, Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return model.forward(inputs).argmax(1).cpu().data<long>().Select(v => (int)v).ToArray();
    }

    /// <summary>
    /// Trains a network of <paramref name="config"/> on <paramref name="train"/>, reading <paramref name="test"/> after
    /// every epoch (<paramref name="onEpoch"/> sees each epoch's index and its correct count). <paramref name="start"/>
    /// gives the starting weights by state_dict name; null draws them (<see cref="InitialWeights"/>).
    /// </summary>
    public static DigitClassifierResult Run(DigitClassifierConfig config, DigitSet train, DigitSet test, ScalarType dtype, Device device,
                                            IReadOnlyDictionary<string, Tensor>? start = null, Action<int, int>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        CheckSizes(config);
        var spec = Spec(config);
        var model = (DeepNetwork)spec.Build(dtype, device);
        model.SetParameters(start ?? InitialWeights(spec, config.Seed));
        var data = new Dataset(Inputs(train, dtype, device), Targets(train, dtype, device));
        var testX = Inputs(test, dtype, device);

        var correctPerEpoch = new List<int>();
        var options = new TrainingOptions
        {
            Epochs = config.Epochs,
            BatchSize = config.BatchSize,
            LearningRate = config.LearningRate,
            Loss = config.Loss,
            Shuffle = config.Shuffle,
            Seed = config.Seed,
            Trainer = config.Trainer,
            Step = config.Step,
            OnEpoch = e =>
            {
                correctPerEpoch.Add(Correct(Read(e.Model, testX), test.Labels));
                onEpoch?.Invoke(e.Epoch, correctPerEpoch[^1]);
            },
        };
        var clock = Stopwatch.StartNew();
        var history = Trainer.Fit(model, data, options);
        double seconds = clock.Elapsed.TotalSeconds;

        int[] read = Read(model, testX);
        var confusion = new int[DigitData.Classes, DigitData.Classes];
        var misread = new List<Misread>();
        for (int i = 0; i < test.Count; i++)
        {
            confusion[test.Labels[i], read[i]]++;
            if (read[i] != test.Labels[i]) misread.Add(new Misread(test.Rows[i], test.Labels[i], read[i], test.Image(i)));
        }
        return new DigitClassifierResult(model, history, correctPerEpoch, Correct(read, test.Labels), test.Count, confusion, misread, seconds);
    }

    private static int Correct(int[] read, int[] labels) => read.Where((digit, i) => digit == labels[i]).Count();
}

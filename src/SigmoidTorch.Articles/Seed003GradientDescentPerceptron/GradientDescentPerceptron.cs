using SigmoidTorch.Data;
using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using static TorchSharp.torch;

namespace SigmoidTorch.Articles.Seed003GradientDescentPerceptron;

/// <summary>
/// Seed 003, "Simple Gradient Descent Perceptron" (after iamtrask): a bias-free sigmoid neuron with two inputs learns
/// y = x₁ on four rows by full-batch gradient descent with step 1: error = layer_1 − y, delta = error ⊙ σ'(layer_1),
/// synapse_0 −= Xᵀ·delta. That update is the gradient of ½ΣE² with learning rate 1 on one batch of all four rows,
/// so the shared trainer runs it unchanged.
/// </summary>
public static class GradientDescentPerceptron
{
    /// <summary>
    /// The notebook's starting weights at full precision: <c>np.random.seed(1); 2*np.random.random((2,1)) - 1</c>,
    /// computed with numpy (TorchSharp's generator draws other numbers). It prints them as [[-0.16595599] [0.44064899]].
    /// </summary>
    public static IReadOnlyList<double> ArticleStartingWeights { get; } = new[] { -0.165955990594852, 0.4406489868843162 };

    /// <summary>The inputs X, one row per sample: [[0,1],[0,1],[1,0],[1,0]].</summary>
    public static double[,] Inputs => new double[,] { { 0, 1 }, { 0, 1 }, { 1, 0 }, { 1, 0 } };

    /// <summary>The targets y = [0,0,1,1]ᵀ.</summary>
    public static double[,] Targets => new double[,] { { 0 }, { 0 }, { 1 }, { 1 } };

    /// <summary>What the notebook's neuron is: two inputs, no bias.</summary>
    public static ModelSpec Spec { get; } = ModelSpec.Neuron(2, bias: false);

    /// <summary>The loss the article trains on: ½Σ(ŷ − y)².</summary>
    public static Loss Loss { get; } = Loss.HalfSumSquared;

    /// <summary>The neuron of the notebook: two inputs, no bias.</summary>
    public static SigmoidNeuron CreateModel(ScalarType dtype, Device device) => new(2, bias: false, dtype, device);

    /// <summary>The notebook's starting weights, by state_dict name, float64 on the CPU.</summary>
    public static Dictionary<string, Tensor> ArticleStart()
    {
        var synapse = new NamedArray("synapse_0", new long[] { 2, 1 }, ArticleStartingWeights.ToArray());
        return ArticleLayout.Import(Spec, ScalarType.Float64, CPU, new Dictionary<string, NamedArray> { ["synapse_0"] = synapse }, WeightLayout.Synapse,
            "the notebook's starting weights");
    }

    /// <summary>The four rows as a data set.</summary>
    public static Dataset Data(ScalarType dtype, Device device) => Dataset.FromArrays(Inputs, Targets, dtype, device);

    /// <summary>One full-batch step of the notebook per epoch: all four rows in order, ½ΣE² (gradient E = layer_1 − y), step 1.</summary>
    public static TrainingOptions Options(GradientDescentPerceptronConfig config) => new()
    {
        BatchSize = 4,
        LearningRate = config.LearningRate,
        Loss = Loss,
        Trainer = config.Trainer,
    };

    /// <summary>
    /// The first step on the model's current weights, as the notebook prints it: layer_1, its error, and the synapse
    /// derivative, computed by the hand-written backprop (manual trainer) or by autograd (autograd trainer).
    /// The weights are not changed. <see cref="PerceptronFirstStep.NewWeights"/> is left empty.
    /// </summary>
    public static PerceptronFirstStep FirstStep(SigmoidNeuron model, Dataset data, TrainerKind trainer)
    {
        using var scope = NewDisposeScope();
        double[] weights = Flat(model.Weight);
        Tensor prediction;
        Tensor gradient;
        if (trainer == TrainerKind.Autograd)
        {
            using (no_grad())
                prediction = model.forward(data.X);
            gradient = GradientCheck.Autograd(model, data.X, data.Y, Loss.HalfSumSquared)[0].Gradient;
        }
        else
        {
            var (_, yhat, gradients) = ManualBackprop.Run(model, data.X, data.Y, Loss.HalfSumSquared);   // layer_1, ∂(½ΣE²)/∂w = δᵀ·X
            (prediction, gradient) = (yhat, gradients[0].Gradient);
        }
        double[] predictions = Flat(prediction);
        double[] targets = Flat(data.Y);
        double[] error = predictions.Zip(targets, (p, y) => p - y).ToArray();
        return new PerceptronFirstStep(weights, predictions, error, Flat(gradient), Array.Empty<double>());
    }

    /// <summary>
    /// Runs the notebook: the printed first step, then <see cref="GradientDescentPerceptronConfig.Iterations"/> more
    /// steps, every update through <see cref="Trainer.Fit"/>. <paramref name="start"/> gives the starting weights
    /// (state_dict names); null starts from <see cref="ArticleStartingWeights"/>. <paramref name="onEpoch"/> sees every
    /// step after the first (progress).
    /// </summary>
    public static GradientDescentPerceptronResult Run(GradientDescentPerceptronConfig config, ScalarType dtype, Device device,
                                                      IReadOnlyDictionary<string, Tensor>? start = null, Action<EpochInfo>? onEpoch = null)
    {
        if (config.Iterations < 0) throw new SigmoidTorchException($"iterations must be 0 or more, got {config.Iterations}");
        // Every step keeps the weights (2 values) and predictions (4) it produced, about 160 bytes with their arrays and lists.
        RunLimits.RequireAtMost("seed 003: the number of iterations", config.Iterations, RunLimits.MaxSteps);
        MemoryLimits.Require(160.0 * config.Iterations, $"seed 003 with {RunLimits.Count(config.Iterations)} iterations");
        var model = CreateModel(dtype, device);
        model.SetParameters(start ?? ArticleStart());
        var data = Data(dtype, device);
        // The weights and predictions σ(X·w) before any update and after each one.
        var weightHistory = new List<double[]> { Flat(model.Weight) };
        var predictionHistory = new List<double[]> { Predict(model, data) };
        void Record(StepInfo step)
        {
            weightHistory.Add(Flat(model.Weight));
            predictionHistory.Add(Predict(step.Model, data));
        }

        // The notebook's first step, printed before its loop; then the trainer takes it and the loop's steps, in one run.
        var first = FirstStep(model, data, config.Trainer);
        void Progress(EpochInfo e)
        {
            if (e.Epoch > 0) onEpoch?.Invoke(e with { Epoch = e.Epoch - 1, Epochs = config.Iterations });
        }
        var history = Trainer.Fit(model, data, Options(config) with { Epochs = 1 + config.Iterations, OnStep = Record, OnEpoch = Progress });
        first = first with { NewWeights = weightHistory[1] };

        // The predictions the notebook prints are layer_1 of its loop's last pass, computed before that pass's update
        // (with no pass, those of the first step).
        double[] lastLayer1 = config.Iterations > 0 ? predictionHistory[^2] : first.Predictions;
        return new GradientDescentPerceptronResult(model, first, Flat(model.Weight), lastLayer1, weightHistory, predictionHistory, history);
    }

    /// <summary>σ(X·w) on the model's current weights, flattened.</summary>
    public static double[] Predict(BackpropModel model, Dataset data)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Flat(model.forward(data.X));
    }

    private static double[] Flat(Tensor t)
    {
        using var cpu = t.detach().to(ScalarType.Float64, CPU).contiguous();
        return cpu.data<double>().ToArray();
    }
}

using SigmoidTorch.Data;
using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using static TorchSharp.torch;

namespace SigmoidTorch.Articles;

/// <summary>The notebook's first step, as it prints it.</summary>
/// <param name="Weights">The starting weights (<c>synapse_0</c> flattened).</param>
/// <param name="Predictions">layer_1 = σ(X·synapse_0) on the starting weights.</param>
/// <param name="Error">layer_1 − y.</param>
/// <param name="Adjustment">The synapse derivative Xᵀ·(error ⊙ σ'(layer_1)), i.e. ∂(½ΣE²)/∂w, flattened.</param>
/// <param name="NewWeights">The weights after the step, as the trainer left them.</param>
public sealed record PerceptronFirstStep(double[] Weights, double[] Predictions, double[] Error, double[] Adjustment, double[] NewWeights);

/// <summary>What a seed 003 run produced.</summary>
/// <param name="Model">The trained neuron.</param>
/// <param name="FirstStep">The first step, printed by the notebook before its loop.</param>
/// <param name="Weights">The final weights, after all 1 + iterations updates.</param>
/// <param name="Predictions">
/// The predictions the notebook prints at the end: layer_1 of its loop's last iteration, computed with the weights
/// before the final update (for 0 iterations, the first step's predictions).
/// </param>
/// <param name="WeightHistory">The weights before any update and after each one: 2 + iterations rows of 2.</param>
/// <param name="PredictionHistory">σ(X·w) for every row of <paramref name="WeightHistory"/>: rows of 4.</param>
/// <param name="History">The trainer's losses (½ΣE² per step, before its update), first step included.</param>
public sealed record GradientDescentPerceptronResult(SigmoidNeuron Model, PerceptronFirstStep FirstStep, double[] Weights, double[] Predictions,
                                                     IReadOnlyList<double[]> WeightHistory, IReadOnlyList<double[]> PredictionHistory, TrainingHistory History);

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

    /// <summary>The neuron of the notebook: two inputs, no bias.</summary>
    public static SigmoidNeuron CreateModel(ScalarType dtype, Device device) => new(2, bias: false, dtype, device);

    /// <summary>The notebook's starting weights for <paramref name="model"/>, by state_dict name.</summary>
    public static Dictionary<string, Tensor> ArticleStart(SigmoidNeuron model)
    {
        var synapse = new NamedArray("synapse_0", new long[] { 2, 1 }, ArticleStartingWeights.ToArray());
        return ArticleLayout.Import(model, new Dictionary<string, NamedArray> { ["synapse_0"] = synapse }, WeightLayout.Synapse, "the notebook's starting weights");
    }

    /// <summary>The four rows as a data set.</summary>
    public static Dataset Data(ScalarType dtype, Device device) => Dataset.FromArrays(Inputs, Targets, dtype, device);

    /// <summary>One full-batch step of the notebook per epoch: all four rows in order, ½ΣE² (gradient E = layer_1 − y), step 1.</summary>
    public static TrainingOptions Options(GradientDescentPerceptronConfig config) => new()
    {
        BatchSize = 4,
        LearningRate = config.LearningRate,
        Loss = Loss.HalfSumSquared,
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
            var (yhat, gradients) = ManualBackprop.Run(model, data.X, data.Y, Loss.HalfSumSquared);   // layer_1, ∂(½ΣE²)/∂w = δᵀ·X
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
        RunLimits.RequireMemory(160.0 * config.Iterations, $"seed 003 with {RunLimits.Count(config.Iterations)} iterations");
        var model = CreateModel(dtype, device);
        model.SetParameters(start ?? ArticleStart(model));
        var data = Data(dtype, device);
        var weightHistory = new List<double[]> { Flat(model.Weight) };
        var predictionHistory = new List<double[]> { Predict(model, data) };
        void Record(StepInfo step)
        {
            weightHistory.Add(Flat(model.Weight));
            predictionHistory.Add(Predict(step.Model, data));
        }
        var options = Options(config) with { OnStep = Record };

        // The notebook's first step, printed, then taken by the trainer.
        var first = FirstStep(model, data, config.Trainer);
        var history = Trainer.Fit(model, data, options with { Epochs = 1 });
        first = first with { NewWeights = Flat(model.Weight) };

        // Its loop: the predictions it prints are layer_1 of the last pass, before that pass's update.
        double[] lastLayer1 = first.Predictions;
        if (config.Iterations > 0)
        {
            int done = 0;
            void Progress(EpochInfo e) => onEpoch?.Invoke(e with { Epoch = done++, Epochs = config.Iterations });
            Append(history, Trainer.Fit(model, data, options with { Epochs = config.Iterations - 1, OnEpoch = Progress }));
            lastLayer1 = Predict(model, data);
            Append(history, Trainer.Fit(model, data, options with { Epochs = 1, OnEpoch = Progress }));
        }
        return new GradientDescentPerceptronResult(model, first, Flat(model.Weight), lastLayer1, weightHistory, predictionHistory, history);
    }

    /// <summary>σ(X·w) on the model's current weights, flattened.</summary>
    public static double[] Predict(BackpropModel model, Dataset data)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Flat(model.forward(data.X));
    }

    private static void Append(TrainingHistory to, TrainingHistory from)
    {
        to.EpochLosses.AddRange(from.EpochLosses);
        to.StepLosses.AddRange(from.StepLosses);
    }

    private static double[] Flat(Tensor t)
    {
        using var cpu = t.detach().to(ScalarType.Float64, CPU).contiguous();
        return cpu.data<double>().ToArray();
    }
}

using System.CommandLine;
using SigmoidTorch.Articles;
using SigmoidTorch.Articles.Seed003GradientDescentPerceptron;
using SigmoidTorch.Cli;
using SigmoidTorch.Fast;
using SigmoidTorch.Limits;
using SigmoidTorch.Plotting;

// Seed 003, "Simple Gradient Descent Perceptron": one printed step, then many more, on four rows with a bias-free neuron.
var defaults = new GradientDescentPerceptronConfig();
var iterations = OptionFactory.Int("--iterations", "steps after the first one", defaults.Iterations, min: 0);
var lr = OptionFactory.PositiveDouble("--lr", "step size (the notebook subtracts the whole derivative: 1)", defaults.LearningRate);

var command = new RootCommand("Seed 003: a bias-free sigmoid neuron learns y = x1 on four rows by full-batch gradient descent (\"Simple Gradient Descent Perceptron\").")
{
    iterations, lr,
};
var common = new CommonOptions("GradientDescentPerceptron", FlagSet.Training | FlagSet.Output)
{
    HasFusedStep = trainer => FusedNetworkStep.Kind.Has(GradientDescentPerceptron.Spec, trainer, GradientDescentPerceptron.Loss, GradientDescentPerceptron.Loss),
};

return ProgramHost.Run(args, command, common, (result, run) =>
{
    var config = new GradientDescentPerceptronConfig
    {
        Iterations = result.GetValue(iterations),
        LearningRate = result.GetValue(lr),
        Trainer = run.Training.Trainer,
    };

    // weights.png and predictions.png draw two lines each, a point per update.
    if (run.Output.Plots)
    {
        RunLimits.RequireAtMost("the pictures' points, 4 × (--iterations + 1), (--no-plots draws none)", 4.0 * (config.Iterations + 1), 10_000_000);
        run.Output.WillWrite(["weights.png", "predictions.png"]);
    }
    var start = run.Weights.For(GradientDescentPerceptron.Spec, WeightLayout.Synapse);
    using var progress = run.Output.Progress.Start("training", config.Iterations, "steps");
    var outcome = GradientDescentPerceptron.Run(config, run.Options.DType, run.Options.Device, start, e => progress.Report(e.Epoch + 1, $"½ΣE² {e.Loss:G6}"));
    run.Checkpoint.Keep(outcome.Model, new Dictionary<string, string>
    {
        ["example"] = "GradientDescentPerceptron",
        ["config"] = config.ToString(),
    });
    var first = outcome.FirstStep;

    var report = run.Output.Report;
    report.WriteLine("X = [[0,1],[0,1],[1,0],[1,0]], y = [0,0,1,1]ᵀ; layer_1 = σ(X·synapse_0), no bias");
    report.WriteLine($"trainer {config.Trainer.ToString().ToLowerInvariant()}, {run.Training.Step.ToString().ToLowerInvariant()} step, step size {config.LearningRate}, " +
                     $"{run.Options.DType.ToString().ToLowerInvariant()} on {run.Options.Device}");
    report.WriteLine();
    report.WriteLine("starting weights synapse_0:");
    report.WriteLine(NumpyFormat.Column(first.Weights));
    report.WriteLine("predictions layer_1 on them:");
    report.WriteLine(NumpyFormat.Column(first.Predictions));
    report.WriteLine("error layer_1 − y:");
    report.WriteLine(NumpyFormat.Column(first.Error));
    report.WriteLine("adjustment Xᵀ·(error ⊙ layer_1(1 − layer_1)):");
    report.WriteLine(NumpyFormat.Column(first.Adjustment));
    report.WriteLine("weights after the first step:");
    report.WriteLine(NumpyFormat.Column(first.NewWeights));
    report.WriteLine();
    report.WriteLine($"after {config.Iterations} more steps");
    report.WriteLine("weights synapse_0:");
    report.WriteLine(NumpyFormat.Column(outcome.Weights));
    report.WriteLine("predictions layer_1 (of the last step, before its update):");
    report.WriteLine(NumpyFormat.Column(outcome.Predictions));
    if (run.Output.Plots)
    {
        using var plots = run.Output.Progress.StartFiles("drawing plots", 2);
        var steps = Enumerable.Range(0, outcome.WeightHistory.Count).Select(i => (double)i).ToArray();
        double[] Column(IReadOnlyList<double[]> rows, int j) => rows.Select(r => r[j]).ToArray();
        run.Output.WriteFile("weights.png", Charts.Lines("Weights over the updates", "updates", "weight", new[]
        {
            new Series("w1 (input x1)", steps, Column(outcome.WeightHistory, 0)),
            new Series("w2 (input x2)", steps, Column(outcome.WeightHistory, 1)),
        }));
        run.Output.WriteFile("predictions.png", Charts.Lines("Predictions σ(X·w) over the updates", "updates", "prediction", new[]
        {
            new Series("rows 1–2: x = [0, 1], y = 0", steps, Column(outcome.PredictionHistory, 0)),
            new Series("rows 3–4: x = [1, 0], y = 1", steps, Column(outcome.PredictionHistory, 2)),
        }));
    }
    run.Checkpoint.SaveIfAsked();

    if (run.Options.Json)
    {
        var synapse = ArticleLayout.Export(outcome.Model, WeightLayout.Synapse)[0];
        JsonOutput.Emit(new
        {
            first_step = new
            {
                start_weights = first.Weights,
                predictions = first.Predictions,
                error = first.Error,
                adjustment = first.Adjustment,
                weights = first.NewWeights,
            },
            weights = outcome.Weights,
            predictions = outcome.Predictions,
            synapse_0 = synapse.Data.Select(v => new[] { v }).ToArray(),
            final_loss = outcome.History.StepLosses[^1],
            config = JsonOutput.Config(run, config),
            files = run.Output.Files,
        });
    }
    return ExitCodes.Success;
});

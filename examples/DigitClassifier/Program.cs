using System.CommandLine;
using System.Globalization;
using SigmoidTorch.Articles;
using SigmoidTorch.Cli;
using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using SigmoidTorch.Limits;
using SigmoidTorch.Plotting;

// Seed 002, Nielsen's chapter 1 in full: a [64, 30, 10] network of sigmoid neurons learns to read 8×8 handwritten digits.
var defaults = new DigitClassifierConfig();
var layers = OptionFactory.LayerSizes("--layers", "layer sizes, 64 pixels first and 10 digits last", defaults.Layers, "64,30,10");
var loss = OptionFactory.Choice("--loss",
    "cost: quadratic (½‖a − y‖², network.py), cross-entropy (on sigmoid outputs, Nielsen's chapter 3) or softmax-ce (a softmax output layer with categorical cross-entropy)",
    "quadratic", DigitClassifier.Costs.Keys.ToArray());
var lr = OptionFactory.PositiveDouble("--lr", "learning rate η: each step is w −= (η/m)·Σ over the batch's m images", defaults.LearningRate);
var batchSize = OptionFactory.Int("--batch-size", "images per mini-batch (the last batch of an epoch may be smaller)", defaults.BatchSize);
var epochs = OptionFactory.Int("--epochs", "passes over the 1,498 training images", defaults.Epochs, min: 0);
var activation = OptionFactory.Choice("--activation", "activation of the hidden layers (the output layer's follows from --loss: sigmoid, or softmax)", "sigmoid", [.. Activation.Hidden.Select(a => a.Name)]);
var shuffle = OptionFactory.Choice("--shuffle", "order of the training images in each epoch: random (from --seed) or none (file order)", "random", "random", "none");

var command = new RootCommand("Seed 002, Nielsen's chapter 1: a network of sigmoid neurons learns to read handwritten digits (the UCI 8×8 digits, built in).")
{
    layers, loss, lr, batchSize, epochs, activation, shuffle,
};
var common = new CommonOptions("DigitClassifier", FlagSet.All)
{
    HasFusedStep = trainer => FusedNetworkStep.Kind.Has(DigitClassifier.Spec(defaults), trainer, defaults.Loss, defaults.Loss),
};

return ProgramHost.Run(args, command, common, (result, run) =>
{
    string cost = result.GetValue(loss)!;
    var config = new DigitClassifierConfig
    {
        Layers = OptionFactory.Sizes(result, layers),
        Activation = Activation.Parse(result.GetValue(activation)!),
        Loss = DigitClassifier.Costs[cost],
        LearningRate = result.GetValue(lr),
        BatchSize = result.GetValue(batchSize),
        Epochs = result.GetValue(epochs),
        Shuffle = result.GetValue(shuffle) == "random",
        Seed = run.Options.Seed,
        Trainer = run.Training.Trainer,
    };
    UsageException.FromFlags(() => DigitClassifier.CheckSizes(config));
    var spec = DigitClassifier.Spec(config);
    run.Training.Settle(FusedNetworkStep.Kind.Has(spec, run.Training.Trainer, config.Loss, config.Loss), !config.Loss.IsSquaredError
        ? $"--loss {cost} trains with the readable step only (the fused step computes the squared errors)"
        : $"--activation {config.Activation} trains with the readable step only (the fused step computes sigmoid, tanh and relu, whose f' it writes from the output)");
    config = config with { Step = run.Training.Step };
    var start = run.Weights.For(spec, path => NetworkPyWeights.Load(path, spec, run.Options.DType, run.Options.Device));
    var (train, test) = DigitData.Split(DigitData.Load());
    if (run.Output.Plots) run.Output.WillWrite(["accuracy.png", "confusion.png", "misread.png", "weights.png"]);

    var report = run.Output.Report;
    report.WriteLine($"data: {RunLimits.Count(train.Count + test.Count)} handwritten digits, 8×8 pixels 0–16 (UCI, built in): {RunLimits.Count(train.Count)} for training, {test.Count} for testing (every 6th)");
    report.WriteLine($"network: {spec}, cost {cost}, η = {Num(config.LearningRate)}, mini-batches of {config.BatchSize}, {config.Epochs} epochs, "
                     + $"{(config.Shuffle ? $"shuffled (seed {config.Seed})" : "in file order")}, trainer {config.Trainer.ToString().ToLowerInvariant()}, {config.Step.ToString().ToLowerInvariant()} step");
    using var progress = run.Output.Progress.Start("training", config.Epochs, "epochs");
    var outcome = DigitClassifier.Run(config, train, test, run.Options.DType, run.Options.Device, start, (epoch, correct) =>
    {
        report.WriteLine($"Epoch {epoch}: {correct} / {test.Count}");
        progress.Report(epoch + 1, $"{correct} / {test.Count}");
    });
    progress.Dispose();
    run.Checkpoint.Keep(outcome.Model, new Dictionary<string, string>
    {
        ["example"] = "DigitClassifier",
        ["config"] = $"layers {string.Join(',', config.Layers)}, loss {cost}, lr {Num(config.LearningRate)}, batch size {config.BatchSize}, epochs {config.Epochs}, "
                     + $"activation {config.Activation}, shuffle {(config.Shuffle ? "random" : "none")}, seed {config.Seed}, trainer {config.Trainer.ToString().ToLowerInvariant()}",
    });
    report.WriteLine($"test accuracy: {outcome.TestAccuracy:0.0000} ({outcome.TestCorrect}/{outcome.TestTotal}), trained in {outcome.Seconds:F2} s");

    if (run.Output.Plots)
    {
        using var plots = run.Output.Progress.StartFiles("drawing plots", outcome.Misread.Count > 0 ? 4 : 3);
        if (outcome.CorrectPerEpoch.Count > 0)
        {
            var epochAxis = Enumerable.Range(0, outcome.CorrectPerEpoch.Count).Select(e => (double)e).ToArray();
            run.Output.WriteFile("accuracy.png", Charts.Lines($"Test accuracy after each epoch: [{string.Join(", ", spec.Sizes)}], cost {cost}, η = {Num(config.LearningRate)}",
                "epoch", $"share of the {outcome.TestTotal} test images read right",
                new[] { new Series("test accuracy", epochAxis, outcome.CorrectPerEpoch.Select(c => (double)c / outcome.TestTotal).ToArray(), SeriesStyle.LineAndMarkers) }));
        }
        var digits = Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray();
        var confusion = new double[10, 10];
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++)
                confusion[i, j] = outcome.Confusion[i, j];
        run.Output.WriteFile("confusion.png", Charts.Heatmap($"Test digits and what the network reads: {outcome.TestCorrect}/{outcome.TestTotal} right",
            "read as", "digit", digits, digits, confusion, "test images"));
        if (outcome.Misread.Count > 0)
            run.Output.WriteFile("misread.png", ImageGrid.Draw($"The {outcome.Misread.Count} test digits read wrong (digit → read as)",
                outcome.Misread.Select(m => m.Pixels).ToList(), 8, 8, outcome.Misread.Select(m => $"{m.Label} → {m.Predicted}").ToList(), ImageShading.Ink));
        int units = Math.Min(spec.Sizes[1], 100);
        var first = outcome.Model.W(1).detach().to(TorchSharp.torch.ScalarType.Float64).cpu();
        run.Output.WriteFile("weights.png", ImageGrid.Draw(
            $"First layer's weights as 8×8 images{(units < spec.Sizes[1] ? $" (units 1–{units} of {spec.Sizes[1]})" : "")}: red raises the unit, blue lowers it",
            Enumerable.Range(0, units).Select(u => first[u].data<double>().ToArray()).ToList(), 8, 8,
            Enumerable.Range(1, units).Select(u => $"unit {u}").ToList(), ImageShading.Signed));
    }
    run.Checkpoint.SaveIfAsked();

    if (run.Options.Json)
    {
        var (weights, biases) = NetworkPyWeights.Export(outcome.Model);
        JsonOutput.Emit(new
        {
            accuracy_history = outcome.CorrectPerEpoch,
            test_accuracy = outcome.TestAccuracy,
            test_correct = outcome.TestCorrect,
            test_total = outcome.TestTotal,
            loss_history = outcome.History.EpochLosses,
            seconds = outcome.Seconds,
            weights,
            biases,
            confusion = Enumerable.Range(0, 10).Select(i => Enumerable.Range(0, 10).Select(j => outcome.Confusion[i, j]).ToArray()).ToArray(),
            config = JsonOutput.Config(run, config, new() { ["loss"] = cost }),
            files = run.Output.Files,
        });
    }
    return ExitCodes.Success;
});

static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

using System.CommandLine;
using System.Globalization;
using SigmoidTorch;
using SigmoidTorch.Articles;
using SigmoidTorch.Articles.Seed004FlowerClassifier;
using SigmoidTorch.Cli;
using SigmoidTorch.Fast;
using SigmoidTorch.Plotting;

// Seed 004, "Build your perceptron neural net from scratch": a sigmoid neuron classifies two kinds of flower.
var defaults = new FlowerClassifierConfig();
var epochs = OptionFactory.Int("--epochs", "passes over the flowers at most (one flower per update); fewer when the loss stops falling (--plateau)", defaults.Epochs, min: 0);
var plateau = OptionFactory.Int("--plateau", $"stop when the mean loss of the last N passes is not {defaults.Plateau!.MinDecrease * 100:G4}% below that of the N before (0: run every pass)",
    defaults.Plateau.Window, min: 0);
var lr = OptionFactory.PositiveDouble("--lr", "learning rate (the article's 0.2)", defaults.LearningRate);
var species = new Option<string?>("--species")
{
    HelpName = "A,B",
    Description = $"the two kinds A,B (class 0, class 1) [default: {string.Join(",", FlowerClassifier.DefaultSpecies)} when the data has both, else the data's two kinds]",
};
species.Validators.Add(r => Check(r, s => FlowerClassifier.ParseSpecies(s)));
var data = OptionFactory.InputFile("--data",
    $"CSV file of flowers: a header naming petal length, petal width and species columns (e.g. {FlowerData.Header}, or {FlowerData.FiveColumns}), "
    + "or 3 or 5 such columns without one [default: Fisher's Iris data, built in]");
var standardize = new Option<bool>("--standardize")
{
    Description = "standardise both inputs to mean 0, sd 1 over the training flowers (default: centimetres as they are, as the article)",
};
var predict = OptionFactory.NumberList("--predict", "petal length and width in cm of an unknown flower to classify, e.g. 4.8,1.6", "LENGTH,WIDTH", null,
    2, 2, example: "4.8,1.6");

var command = new RootCommand("Seed 004: a sigmoid neuron with a bias tells two kinds of iris apart by petal length and width (\"Build your perceptron neural net from scratch\").")
{
    epochs, lr, plateau, species, data, standardize, predict,
};
var common = new CommonOptions("FlowerClassifier", FlagSet.All) { HasFusedStep = trainer => FusedNetworkStep.Kind.Has(FlowerClassifier.Spec, trainer, FlowerClassifier.Loss, FlowerClassifier.Loss) };

return ProgramHost.Run(args, command, common, (result, run) =>
{
    var config = new FlowerClassifierConfig
    {
        Epochs = result.GetValue(epochs),
        Plateau = result.GetValue(plateau) is > 0 and var window ? defaults.Plateau with { Window = window } : null,
        LearningRate = result.GetValue(lr),
        Species = result.GetValue(species) is { } s ? FlowerClassifier.ParseSpecies(s) : null,
        Standardize = result.GetValue(standardize),
        Trainer = run.Training.Trainer,
        Seed = run.Options.Seed,
    };
    string? dataPath = result.GetValue(data);
    var flowers = dataPath is null ? FlowerData.Iris() : FlowerData.Load(dataPath);
    if (config.Species is null)
    {
        try
        {
            FlowerClassifier.ChooseSpecies(flowers, null);
        }
        catch (SigmoidTorchException e)
        {
            throw new SigmoidTorchException($"{e.Message} with --species A,B", e);     // "…: choose two" (the flag that chooses them)
        }
    }
    var point = result.GetValue(predict) is { Length: 2 } p ? (Length: p[0], Width: p[1]) : ((double Length, double Width)?)null;

    if (run.Output.Plots) run.Output.WillWrite(["flowers.png", "probability.png", "loss.png"]);
    var start = run.Weights.For(FlowerClassifier.Spec, WeightLayout.WeightBias);
    using var progress = run.Output.Progress.Start("training", config.Epochs, "epochs");
    var outcome = FlowerClassifier.Run(config, flowers, run.Options.DType, run.Options.Device, start, e => progress.Report(e.Epoch + 1, $"mean squared error {e.Loss:G6}"));
    progress.Dispose(); // training usually stops on a plateau before --epochs: the bar ends where it stopped
    var prediction = point is { } q ? FlowerClassifier.Predict(outcome, q.Length, q.Width) : null;
    string a = outcome.Species[0], b = outcome.Species[1];
    run.Checkpoint.Keep(outcome.Model, new Dictionary<string, string>
    {
        ["example"] = "FlowerClassifier",
        ["species"] = $"{a},{b}",
        ["standardize"] = config.Standardize ? "true" : "false",
        ["config"] = $"epochs {config.Epochs}, lr {Num(config.LearningRate)}, seed {config.Seed}, trainer {config.Trainer.ToString().ToLowerInvariant()}",
    });
    int n = outcome.Flowers.Count, right = (int)Math.Round(outcome.Accuracy * n);

    var report = run.Output.Report;
    report.WriteLine($"data: {(dataPath is null ? "Fisher's Iris data (built in)" : dataPath)}, {flowers.Count} flowers; " +
                     $"{a} (class 0): {outcome.Classes.Count(c => c == 0)}, {b} (class 1): {outcome.Classes.Count(c => c == 1)}");
    report.WriteLine(config.Standardize
        ? $"inputs: petal length and width standardised (mean {Num(outcome.Scaling.Mean[0])}, {Num(outcome.Scaling.Mean[1])} cm; sd {Num(outcome.Scaling.Std[0])}, {Num(outcome.Scaling.Std[1])} cm)"
        : "inputs: petal length and width in cm, as they are");
    report.WriteLine($"training: {outcome.History.EpochLosses.Count} epochs × {n} flowers, one flower per update in random order (seed {config.Seed}), " +
                     $"cost (pred − target)², lr {Num(config.LearningRate)}, trainer {config.Trainer.ToString().ToLowerInvariant()}, {run.Training.Step.ToString().ToLowerInvariant()} step");
    report.WriteLine(outcome.History.Plateau is { } stop
        ? $"stopped after {stop.Epochs} of at most {config.Epochs} epochs: {stop}"
        : $"ran all {config.Epochs} epochs{(config.Plateau is { } rule ? $" without the loss levelling off (--plateau {rule.Window})" : "")}");
    report.WriteLine($"w = [{Num(outcome.W[0])}, {Num(outcome.W[1])}], b = {Num(outcome.B)}");
    report.WriteLine($"decision boundary: {Num(outcome.BoundaryW[0])}·length {Signed(outcome.BoundaryW[1])}·width {Signed(outcome.BoundaryB)} = 0 (cm), " +
                     $"P({b}) ≥ 0.5 where the left side is ≥ 0");
    if (outcome.History.EpochLosses.Count > 0)
        report.WriteLine($"loss of the last epoch (mean (pred − target)²): {Num(outcome.History.FinalLoss)}");
    report.WriteLine($"training accuracy: {Num(outcome.Accuracy)} ({right}/{n})");
    if (prediction is not null)
        report.WriteLine($"unknown flower, petal {Num(prediction.Length)} × {Num(prediction.Width)} cm: P({b}) = {Num(prediction.Probability)} → {prediction.Species}");
    if (run.Output.Plots)
    {
        using var plots = run.Output.Progress.StartFiles("drawing plots", outcome.History.EpochLosses.Count > 0 ? 3 : 2);
        double[] lengths = outcome.Flowers.Select(f => f.Length).ToArray(), widths = outcome.Flowers.Select(f => f.Width).ToArray();
        if (prediction is not null) (lengths, widths) = (lengths.Append(prediction.Length).ToArray(), widths.Append(prediction.Width).ToArray());
        double padX = Math.Max(0.5, 0.1 * (lengths.Max() - lengths.Min())), padY = Math.Max(0.3, 0.1 * (widths.Max() - widths.Min()));
        double xMin = lengths.Min() - padX, xMax = lengths.Max() + padX, yMin = widths.Min() - padY, yMax = widths.Max() + padY;

        var series = new List<Series>();
        foreach (var (kind, cls) in new[] { (a, 0), (b, 1) })
        {
            var mine = outcome.Flowers.Where((f, i) => outcome.Classes[i] == cls).ToList();
            series.Add(new Series($"{kind} ({mine.Count})", mine.Select(f => f.Length).ToArray(), mine.Select(f => f.Width).ToArray(), SeriesStyle.Markers));
        }
        if (FlowerClassifier.BoundarySegment(outcome.BoundaryW, outcome.BoundaryB, xMin, xMax, yMin, yMax) is { } line)
            series.Add(new Series("decision boundary w·x + b = 0", line.X, line.Y));
        Mark[] marks = prediction is null ? [] : [new Mark(prediction.Length, prediction.Width, $"unknown flower → {prediction.Species}")];
        const string Length = "petal length (cm)", Width = "petal width (cm)";
        run.Output.WriteFile("flowers.png", Charts.Lines($"{a} vs {b}: training accuracy {Num(outcome.Accuracy)}", Length, Width, series, marks: marks));

        var xs = Grid(xMin, xMax, 121);
        var ys = Grid(yMin, yMax, 91);
        var points = outcome.Flowers.Select((f, i) => (f.Length, f.Width, outcome.Classes[i])).ToList();
        run.Output.WriteFile("probability.png", Charts.Contour($"P({b}) by petal size, from the trained neuron", xs, ys,
            FlowerClassifier.ProbabilityGrid(outcome, xs, ys), points, new ContourLabels(Length, Width, $"P({b}) = σ(w·x + b)", a, b), marks: marks));

        if (outcome.History.EpochLosses.Count > 0)
        {
            var epochAxis = Enumerable.Range(1, outcome.History.EpochLosses.Count).Select(i => (double)i).ToArray();
            run.Output.WriteFile("loss.png", Charts.Lines($"Loss per epoch (lr {Num(config.LearningRate)}, one flower per update)", "epoch",
                "mean over the epoch of (pred − target)²", new[] { new Series("loss", epochAxis, outcome.History.EpochLosses.ToArray()) }, logY: true));
        }
    }
    run.Checkpoint.SaveIfAsked();

    if (run.Options.Json)
    {
        var weights = ArticleLayout.Export(outcome.Model, WeightLayout.WeightBias).ToDictionary(x => x.Name);
        JsonOutput.Emit(new
        {
            accuracy = outcome.Accuracy,
            w = weights["w"].Data,
            b = weights["b"].Data[0],
            loss_history = outcome.History.EpochLosses,
            epochs_run = outcome.History.EpochLosses.Count,
            stopped_on_plateau = outcome.History.Plateau?.ToString(),
            prediction = prediction is null ? null : new { length = prediction.Length, width = prediction.Width, probability = prediction.Probability, species = prediction.Species },
            species = outcome.Species,
            counts = new[] { outcome.Classes.Count(c => c == 0), outcome.Classes.Count(c => c == 1) },
            boundary_cm = new { w = outcome.BoundaryW, b = outcome.BoundaryB },
            scaling = config.Standardize ? new { mean = outcome.Scaling.Mean, std = outcome.Scaling.Std } : null,
            config = JsonOutput.Config(run, config, new() { ["data"] = dataPath }),
            files = run.Output.Files,
        });
    }
    return ExitCodes.Success;
});

static void Check(System.CommandLine.Parsing.OptionResult r, Action<string> parse)
{
    if (r.GetValueOrDefault<string?>() is not { } text) return;
    try
    {
        parse(text);
    }
    catch (SigmoidTorchException e)
    {
        r.AddError($"{r.Option.Name}: {e.Message}");
    }
}

static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

static string Signed(double v) => v < 0 ? $"− {Num(-v)}" : $"+ {Num(v)}";

static double[] Grid(double min, double max, int n) => Enumerable.Range(0, n).Select(i => min + (max - min) * i / (n - 1)).ToArray();

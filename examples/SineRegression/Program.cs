using System.CommandLine;
using SigmoidTorch.Articles;
using SigmoidTorch.Articles.Seed001SineRegression;
using SigmoidTorch.Cli;
using SigmoidTorch.Data;
using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using SigmoidTorch.Limits;
using SigmoidTorch.Plotting;

// Seed 001, "A Neural Network in Python, Part 2": learn y = f(x) with a (1 + bias)-hidden-1 network and mini-batch SGD.
var defaults = new SineRegressionConfig();
var epochs = OptionFactory.Int("--epochs", "passes over the data", defaults.Epochs, min: 0);
var batchSize = OptionFactory.Int("--batch-size", "mini-batch size", defaults.BatchSize);
var activation = OptionFactory.Choice("--activation", "activation of both layers", "sigmoid", [.. SineRegression.Activations.Select(a => a.Name)]);
var function = OptionFactory.Choice("--function", "function to learn", "sin", TargetFunction.All.Select(f => f.Name).ToArray());
var domain = OptionFactory.NumberList("--domain", "the smallest and largest input", "MIN,MAX", new[] { defaults.MinX, defaults.MaxX }, 2, 2);
domain.Validators.Add(r =>
{
    if (OptionFactory.TryGetValue(r, out double[]? v) && v is { Length: 2 } && !(v[1] > v[0] && double.IsFinite(v[1] - v[0])))
        r.AddError($"--domain needs MIN < MAX with a finite width MAX − MIN, got {NumberText.FormatList(v)}");
});
var points = new Option<int?>("--points") { Description = "number of points [default: int(MAX·5 + 1), 32 for the article]" };
points.Validators.Add(r => { if (OptionFactory.TryGetValue(r, out int? n) && n is < 2) r.AddError($"--points must be at least 2, got {n}"); });
var hidden = OptionFactory.Int("--hidden", "hidden units", defaults.Hidden);
var lr = new Option<double?>("--lr") { Description = "learning rate [default: the article's per activation: sigmoid 0.45, tanh 0.005, relu 0.0005]" };
lr.Validators.Add(r => { if (OptionFactory.TryGetValue(r, out double? v) && v is { } x && (!double.IsFinite(x) || x <= 0)) r.AddError($"--lr must be a finite number above 0, got {x}"); });
var noBias = new Option<bool>("--no-bias") { Description = "no bias unit on the input layer (the input layer then has size 1)" };
var init = OptionFactory.Choice("--init", "starting weights: article (uniform ±sqrt(2/fan_in)), xavier, torch", "article", "article", "xavier", "torch");
var fixTanh = new Option<bool>("--fix-tanh-range") { Description = "normalise tanh targets into (−1, 1) instead of the article's (0, −1)" };

var command = new RootCommand("Seed 001: a 2-5-1 network learns sin(x) with mini-batch SGD (\"A Neural Network in Python, Part 2\").")
{
    epochs, batchSize, activation, function, domain, points, hidden, lr, noBias, init, fixTanh,
};
var common = new CommonOptions("SineRegression", FlagSet.All, defaultSeed: defaults.Seed)
{
    HasFusedStep = trainer => FusedNetworkStep.Kind.Has(SineRegression.Spec(defaults), trainer, SineRegression.Loss, SineRegression.Loss),
};

return ProgramHost.Run(args, command, common, (result, run) =>
{
    double[] range = OptionFactory.ListValue(result, domain);
    var config = new SineRegressionConfig
    {
        Epochs = result.GetValue(epochs),
        BatchSize = result.GetValue(batchSize),
        Activation = Activation.Parse(result.GetValue(activation)!),
        Function = result.GetValue(function)!,
        MinX = range[0],
        MaxX = range[1],
        Points = result.GetValue(points),
        Hidden = result.GetValue(hidden),
        LearningRate = result.GetValue(lr),
        Bias = !result.GetValue(noBias),
        Init = Enum.Parse<WeightInit>(result.GetValue(init)!, ignoreCase: true),
        FixTanhRange = result.GetValue(fixTanh),
        Trainer = run.Training.Trainer,
        Step = run.Training.Step,
        Seed = run.Options.Seed,
    };

    // hidden.png draws every hidden unit at every point, fit.png every point twice: about a minute per 10 million markers.
    if (run.Output.Plots)
        RunLimits.RequireAtMost("the pictures' markers, --points × (--hidden + 2), (--no-plots draws none)", (double)config.PointCount * (config.Hidden + 2), 10_000_000);
    UsageException.FromFlags(() => SineRegression.CheckSizes(config)); // a run too large or too small is refused (exit 2) before any file is read
    if (run.Output.Plots) run.Output.WillWrite(["loss.png", "hidden.png", "fit.png"]);
    var start = run.Weights.For(SineRegression.Spec(config), WeightLayout.HiddenOutput);
    using var progress = run.Output.Progress.Start("training", config.Epochs, "epochs");
    var outcome = SineRegression.Run(config, run.Options.DType, run.Options.Device, start, e => progress.Report(e.Epoch + 1, $"loss {e.Loss:G6}"));
    run.Checkpoint.Keep(outcome.Model, new Dictionary<string, string> { ["example"] = "SineRegression", ["config"] = config.ToString() });
    var weights = ArticleLayout.Export(outcome.Model, WeightLayout.HiddenOutput).ToDictionary(a => a.Name);

    run.Output.Report.WriteLine(SineRegression.StatsLine(config, outcome));
    run.Output.Report.WriteLine($"trainer {Name(config.Trainer)}, {config.Step.Name} step");
    run.Output.Report.WriteLine($"test mse at the shifted points: {outcome.TestMse:G6}");
    if (outcome.History.EpochLosses.Count == 0)
        run.Output.Report.WriteLine("no epoch ran (--epochs 0): there is no final loss (NaN above), and the network keeps its starting weights");
    if (!outcome.DeadUnits.None)
        run.Output.Report.WriteLine($"{outcome.DeadUnits} (a smaller --lr or another --seed may avoid this)");

    if (run.Output.Plots)
    {
        using var plots = run.Output.Progress.StartFiles("drawing plots", 3);
        var epochAxis = Enumerable.Range(1, outcome.History.EpochLosses.Count).Select(i => (double)i).ToArray();
        run.Output.WriteFile("loss.png", Charts.Lines($"Loss per epoch ({config.Activation}, lr {config.EffectiveLearningRate})", "epoch", "mean over batches of ΣE²",
            new[] { new Series("loss", epochAxis, outcome.History.EpochLosses.ToArray()) }, logY: true));
        var hiddenSeries = Enumerable.Range(0, config.Hidden)
            .Select(j => new Series($"h{j + 1}", outcome.TestX, Enumerable.Range(0, outcome.TestX.Length).Select(i => outcome.TestHidden[i, j]).ToArray(), SeriesStyle.LineAndMarkers))
            .ToList();
        run.Output.WriteFile("hidden.png", Charts.Lines("Hidden-layer values at the test points (shifted x)", "x", $"hidden unit value ({config.Activation})", hiddenSeries));
        run.Output.WriteFile("fit.png", Charts.Lines($"Target {TargetFunction.Named(config.Function).Formula} vs learned", "x", "y", new[]
        {
            new Series("target (training points)", outcome.TrainX, outcome.TrainY, SeriesStyle.Markers),
            new Series("learned (shifted points)", outcome.TestX, outcome.TestPrediction, SeriesStyle.Markers),
        }));
    }
    run.Checkpoint.SaveIfAsked();

    if (run.Options.Json)
    {
        JsonOutput.Emit(new
        {
            final_loss = outcome.History.FinalLoss,
            loss_history = outcome.History.EpochLosses,
            test_mse = outcome.TestMse,
            dead_hidden_units = outcome.DeadUnits.Hidden,
            dead_output_units = outcome.DeadUnits.Output,
            seconds = outcome.Seconds,
            Wh = Rows(weights["Wh"]),
            Wz = Rows(weights["Wz"]),
            config = JsonOutput.Config(run, config),
            files = run.Output.Files,
        });
    }
    return ExitCodes.Success;
});

static string Name(Enum value) => value.ToString().ToLowerInvariant();

static double[][] Rows(SigmoidTorch.Data.NamedArray a) =>
    Enumerable.Range(0, (int)a.Shape[0]).Select(i => a.Data.Skip(i * (int)a.Shape[1]).Take((int)a.Shape[1]).ToArray()).ToArray();

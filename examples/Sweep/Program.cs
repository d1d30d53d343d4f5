using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SigmoidTorch.Articles.Seed001SineRegression;
using SigmoidTorch.Cli;
using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using SigmoidTorch.Plotting;

// Seed 001's "things to try" as one sweep: learning rate × seed of the starting weights, for an activation and a hidden
// size, every network trained at once (stacked weights, batched products). Prints a table, draws a heat map of final loss.
var defaults = new SineRegressionConfig();
var activation = OptionFactory.Choice("--activation", "activation of both layers", "sigmoid", [.. SineRegression.Activations.Select(a => a.Name)]);
var hidden = OptionFactory.Int("--hidden", "hidden units", defaults.Hidden);
var epochs = OptionFactory.Int("--epochs", "passes over the data", defaults.Epochs, min: 0);
var batchSize = OptionFactory.Int("--batch-size", "mini-batch size", defaults.BatchSize);
var seeds = OptionFactory.Int("--seeds", "starting weights per learning rate: seeds --seed … --seed + N − 1 of the article's initialisation", 8, max: 10_000);
var rates = OptionFactory.NumberList("--lrs", "learning rates [default: ¼, ½, 1, 2 and 4 times the article's for the activation]", "LR,LR,…", null,
    1, 100, example: "0.1,0.45,0.9");
rates.Validators.Add(r =>
{
    if (OptionFactory.TryGetValue(r, out double[]? values) && values is not null && Array.FindIndex(values, v => v <= 0) is >= 0 and var i)
        r.AddError($"--lrs must be numbers above 0, got {values[i]}");
});
var command = new RootCommand("Seed 001's \"things to try\" as one sweep: learning rate × starting weights, all networks trained at once.")
{
    activation, hidden, epochs, batchSize, seeds, rates,
};
// --step fused (the default) trains every network at once, on the fast path; readable one after another, through Trainer.Fit.
var common = new CommonOptions("Sweep", FlagSet.Output | FlagSet.Trainer | FlagSet.Seed) { HasFusedStep = _ => true };

return ProgramHost.Run(args, command, common, (result, run) =>
{
    var config = new SineRegressionConfig
    {
        Activation = Activation.Parse(result.GetValue(activation)!),
        Hidden = result.GetValue(hidden),
        Epochs = result.GetValue(epochs),
        BatchSize = result.GetValue(batchSize),
        Trainer = run.Training.Trainer,
        Step = run.Training.Step,
        Seed = run.Options.Seed,                                   // the first seed: the sweep's seeds are --seed … --seed + N − 1
    };
    double[] lrs = result.GetValue(rates) is { Length: > 0 } given ? given : SineRegressionSweep.DefaultLearningRates(config);
    long[] seedList = Enumerable.Range(0, result.GetValue(seeds)).Select(s => (long)s + run.Options.Seed).ToArray();
    int networks = lrs.Length * seedList.Length;
    if (run.Output.Plots) run.Output.WillWrite(["final-loss.png"]);
    using var progress = run.Output.Progress.Start($"training {networks} networks", SineRegressionSweep.Work(config, networks),
        config.Step == FusedNetworkStep.Kind ? "epochs" : "network-epochs");
    var (cells, seconds) = SineRegressionSweep.Run(config, lrs, seedList, run.Options.DType, run.Options.Device, done => progress.Report(done));

    var w = run.Output.Report;
    w.WriteLine($"{cells.Count} networks [ {(config.Bias ? 2 : 1)} {config.Hidden} 1 ] {config.Activation}, {config.Epochs} epochs, batch {config.BatchSize}, " +
                $"trainer {Name(config.Trainer)}, {config.Step.Name} step ({(config.Step == FusedNetworkStep.Kind ? "all at once" : "one after another")}), {seconds:F2} s for all");
    w.WriteLine("final loss (mean over batches of ΣE², as the article reports it); rows: learning rate, columns: seed");
    if (config.Epochs == 0) w.WriteLine("no epoch ran (--epochs 0): there is no final loss (NaN below), and every network keeps its starting weights");
    w.WriteLine($"{"lr",-10}" + string.Concat(seedList.Select(s => $"{"seed " + s,12}")) + $"{"mean",12}");
    var table = new double[lrs.Length, seedList.Length];
    for (int i = 0; i < lrs.Length; i++)
    {
        var row = cells.Skip(i * seedList.Length).Take(seedList.Length).ToList();
        for (int j = 0; j < row.Count; j++) table[i, j] = row[j].FinalLoss;
        var finite = row.Where(c => double.IsFinite(c.FinalLoss)).ToList();
        w.WriteLine($"{lrs[i].ToString("G4", CultureInfo.InvariantCulture),-10}" + string.Concat(row.Select(c => $"{(c.DivergedAtEpoch is { } e ? $"div@{e + 1}" : c.FinalLoss.ToString("G4", CultureInfo.InvariantCulture)),12}"))
                    + $"{(finite.Count > 0 ? finite.Average(c => c.FinalLoss).ToString("G4", CultureInfo.InvariantCulture) : "—"),12}");
    }
    var best = cells.Where(c => double.IsFinite(c.FinalLoss)).OrderBy(c => c.FinalLoss).FirstOrDefault();
    if (best is not null) w.WriteLine($"best: lr {best.LearningRate.ToString("G4", CultureInfo.InvariantCulture)}, seed {best.Seed}: final loss {best.FinalLoss:G6}");

    if (run.Output.Plots)
        run.Output.WriteFile("final-loss.png", Charts.Heatmap($"Final loss, {config.Activation}, hidden {config.Hidden}, {config.Epochs} epochs", "seed of the starting weights", "learning rate",
            seedList.Select(s => s.ToString(CultureInfo.InvariantCulture)).ToList(), lrs.Select(l => l.ToString("G4", CultureInfo.InvariantCulture)).ToList(), table, "final loss (blank: diverged)"));
    if (run.Options.Json)
        JsonOutput.Emit(new
        {
            rows = cells.Select(c => new { lr = c.LearningRate, seed = c.Seed, final_loss = c.FinalLoss, diverged_at_epoch = c.DivergedAtEpoch }),
            seconds,
            config = JsonOutput.Config(run, config, new() { ["lrs"] = JsonSerializer.SerializeToNode(lrs), ["seeds"] = seedList.Length }),
            files = run.Output.Files,
        });
    return ExitCodes.Success;
});

static string Name(Enum value) => value.ToString().ToLowerInvariant();

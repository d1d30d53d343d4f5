using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using SigmoidTorch.Articles.Seed002SigmoidVsPerceptron;
using SigmoidTorch.Cli;
using SigmoidTorch.Plotting;

// Seed 002, "Sigmoid Neurons": the same small change of a weight, seen by a step perceptron and by a sigmoid neuron.
var defaults = new SigmoidVsPerceptronConfig();
const int MaxInputs = 10_000;
var weights = OptionFactory.NumberList("--weights", "the weights", "W1,W2,…", defaults.Weights, maxCount: MaxInputs);
var bias = new Option<double>("--bias") { Description = "the bias B", DefaultValueFactory = _ => defaults.Bias };
bias.Validators.Add(r => { if (OptionFactory.TryGetValue(r, out double v) && !double.IsFinite(v)) r.AddError($"--bias must be a finite number, got {v}"); });
var input = OptionFactory.NumberList("--input", "the input (as many values as the weights)", "X1,X2,…", defaults.Input, maxCount: MaxInputs);
var weightIndex = OptionFactory.Int("--weight-index", "which weight to nudge: 1 for W1, 2 for W2, ...", defaults.WeightIndex);
var nudges = OptionFactory.Int("--nudges", "how many nudges, evenly spaced over [-D, D] (odd: includes 0)", defaults.Nudges, min: 2, max: 1_000_000);
var maxNudge = OptionFactory.PositiveDouble("--max-nudge", "D, the largest nudge", defaults.MaxNudge);

var command = new RootCommand("Seed 002: nudge one weight of a neuron; the sigmoid's output changes smoothly, the step perceptron's jumps (\"Sigmoid Neurons\").")
{
    weights, bias, input, weightIndex, nudges, maxNudge,
};
// The rules between flags; each flag's own range is its validator's (System.CommandLine runs those only when this adds no error).
command.Validators.Add(r =>
{
    var config = Config(r);
    if (config.Input.Count != config.Weights.Count)
        r.AddError($"--input has {config.Input.Count} value(s) but --weights has {config.Weights.Count}: give as many inputs as weights");
    else if (config.WeightIndex > config.Weights.Count)
        r.AddError($"--weight-index must be 1 to {config.Weights.Count} (the number of weights), got {config.WeightIndex}");
    else if (!double.IsFinite(2 * config.MaxNudge / (config.Nudges - 1)))
        r.AddError($"--max-nudge {config.MaxNudge} is too large for --nudges {config.Nudges}: the spacing 2D/(N − 1) must be a finite number");
});
var common = new CommonOptions("SigmoidVsPerceptron", FlagSet.Output);

return ProgramHost.Run(args, command, common, (result, run) =>
{
    var config = Config(result.CommandResult);
    if (run.Output.Plots) run.Output.WillWrite(["activations.png", "nudges.png"]);
    var outcome = SigmoidVsPerceptron.Run(config, run.Options.DType, run.Options.Device);
    int i = config.WeightIndex;
    var b = outcome.Baseline;

    var report = run.Output.Report;
    report.WriteLine($"neuron: w = [{List(config.Weights, ", ")}], b = {Num(config.Bias)}, input x = [{List(config.Input, ", ")}]");
    report.WriteLine($"nudging w{i} by Δ in [{Num(-config.MaxNudge)}, {Num(config.MaxNudge)}], {config.Nudges} values {Num(outcome.NudgeStep)} apart; " +
                     $"at Δ = 0: z = {Num(b.Z)}, σ(z) = {Num(b.Sigmoid)}, step(z) = {b.Step}");
    report.WriteLine(outcome.BoundaryNudge is { } flip
        ? $"z = 0 (where the perceptron flips) at Δ = {Num(flip)}{(Math.Abs(flip) <= config.MaxNudge ? ", inside the range" : ", outside the range")}"
        : $"x{i} = 0: nudging w{i} does not move z at all");
    report.WriteLine();
    report.WriteLine($"{"Δ",12} {"z",12} {"σ(z)",12} {"σ change",12} {"step(z)",8} {"step change",12}");
    foreach (var row in outcome.Rows)
        report.WriteLine($"{Num(row.Nudge),12} {Num(row.Z),12} {Fixed(row.Sigmoid),12} {Fixed(row.SigmoidChange),12} {row.Step,8} {row.StepChange,12}");
    report.WriteLine();
    report.WriteLine($"largest change of σ between neighbouring nudges: {Num(outcome.MaxSigmoidJump)} " +
                     $"(never above |x{i}|·{Num(outcome.NudgeStep)}/4 = {Num(outcome.SigmoidBound)}, since σ' ≤ 1/4)");
    report.WriteLine(outcome.StepJumps == 0
        ? $"the step output stays {b.Step} over the whole range: no nudge here reaches z = 0"
        : $"changes of the step output between neighbouring nudges: {outcome.StepJumps}, each a jump between 0 and 1 at once");

    if (run.Output.Plots)
    {
        using var plots = run.Output.Progress.StartFiles("drawing plots", 2);
        double zMin = Math.Min(-6, outcome.Rows.Min(r => r.Z)), zMax = Math.Max(6, outcome.Rows.Max(r => r.Z));
        var curves = SigmoidVsPerceptron.Curves(zMin, zMax, 1201, run.Options.DType, run.Options.Device);
        double[] zs = outcome.Rows.Select(r => r.Z).ToArray();
        run.Output.WriteFile("activations.png", Charts.Lines("Sigmoid σ(z) and step [z > 0] against z", "z = w·x + b", "output", new[]
        {
            new Series("σ(z) = 1/(1 + e^−z)", curves.Z, curves.Sigmoid),
            new Series("step(z) = [z > 0]", curves.Z, curves.Step),
            new Series($"σ at the nudged z", zs, outcome.Rows.Select(r => r.Sigmoid).ToArray(), SeriesStyle.Markers),
            new Series($"step at the nudged z", zs, outcome.Rows.Select(r => r.Step).ToArray(), SeriesStyle.Markers),
        }));
        double[] ds = outcome.Rows.Select(r => r.Nudge).ToArray();
        run.Output.WriteFile("nudges.png", Charts.Lines($"Output against a nudge Δ of w{i}", $"Δ (added to w{i} = {Num(config.Weights[i - 1])})", "output", new[]
        {
            new Series("sigmoid neuron σ(z)", ds, outcome.Rows.Select(r => r.Sigmoid).ToArray(), SeriesStyle.LineAndMarkers),
            new Series("perceptron [z > 0]", ds, outcome.Rows.Select(r => r.Step).ToArray(), SeriesStyle.LineAndMarkers),
        }));
    }

    if (run.Options.Json)
    {
        JsonOutput.Emit(new
        {
            rows = outcome.Rows.Select(r => new { nudge = r.Nudge, z = r.Z, sigmoid = r.Sigmoid, step = r.Step, sigmoid_change = r.SigmoidChange, step_change = r.StepChange }),
            baseline = new { z = b.Z, sigmoid = b.Sigmoid, step = b.Step },
            boundary_nudge = outcome.BoundaryNudge,
            nudge_step = outcome.NudgeStep,
            max_sigmoid_jump = outcome.MaxSigmoidJump,
            sigmoid_bound = outcome.SigmoidBound,
            step_jumps = outcome.StepJumps,
            config = JsonOutput.Config(run, config),
            files = run.Output.Files,
        });
    }
    return ExitCodes.Success;
});

// The settings from the flags, in the command's validator (so a bad combination is a usage error) and in its action.
SigmoidVsPerceptronConfig Config(SymbolResult r) => new()
{
    Weights = Get(r, weights, OptionFactory.ListDefault(weights)),
    Bias = Get(r, bias, defaults.Bias),
    Input = Get(r, input, OptionFactory.ListDefault(input)),
    WeightIndex = Get(r, weightIndex, defaults.WeightIndex),
    Nudges = Get(r, nudges, defaults.Nudges),
    MaxNudge = Get(r, maxNudge, defaults.MaxNudge),
};

// An option's value as given, or its default when it was not given (validators do not see defaults).
static T Get<T>(SymbolResult r, Option<T> option, T fallback) =>
    r.GetResult(option) is OptionResult given && !given.Implicit ? given.GetValueOrDefault<T>() : fallback;

static string List(IEnumerable<double> values, string separator) => string.Join(separator, values.Select(Num));

static string Fixed(double v) => v.ToString("F6", CultureInfo.InvariantCulture);

static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

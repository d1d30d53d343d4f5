using System.CommandLine;
using System.Globalization;
using SigmoidTorch.Articles.Seed003GradientDescentPerceptron;
using SigmoidTorch.Cli;
using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using static TorchSharp.torch;

// GradCheck: for the configuration given by flags, compares every parameter's hand-written gradient with
// autograd's and with central finite differences. Exit 0 when all pass, 1 when any fails, 2 on bad flags.
var model = OptionFactory.Choice("--model", "neuron (Linear n→1 + sigmoid) or mlp (Linear–activation–Linear); --layers gives a network of any depth", "mlp", "neuron", "mlp");
var layers = OptionFactory.LayerSizes("--layers", "a network of any depth (DeepNetwork), its layer sizes N0,N1,…,NL, e.g. 64,30,10 (instead of --model, --inputs, --hidden, --outputs)", null, "64,30,10");
var inputs = OptionFactory.Int("--inputs", "input features", 2);
var hidden = OptionFactory.Int("--hidden", "hidden units (mlp)", 5);
var outputs = OptionFactory.Int("--outputs", "outputs (mlp; a neuron has one)", 1);
var activation = OptionFactory.Choice("--activation", "hidden activation (networks)", "sigmoid", [.. Activation.Hidden.Select(a => a.Name)]);
var outputActivation = OptionFactory.Choice("--output-activation", "output activation (networks): same as the hidden one, or one of the catalogue's (softmax with --layers only)", "same",
    ["same", .. Activation.All.Select(a => a.Name)]);
var loss = OptionFactory.Choice("--loss", "mse, sse (Σ(ŷ−y)²), half-sse (½Σ(ŷ−y)²), quadratic (½Σ(ŷ−y)²/m, m rows), huber (libtorch's huber_loss, δ = 1), bce (binary cross-entropy on a sigmoid output, summed over the outputs), bce-logits (the same averaged over every element, as BCEWithLogitsLoss) or softmax-ce (categorical cross-entropy on a softmax output, one-hot targets; the three cross-entropies --layers only)",
    "mse", Loss.All.Select(l => l.Name).ToArray());
var batch = OptionFactory.Int("--batch", "samples in the batch", 4);
var noBias = new Option<bool>("--no-bias") { Description = "no bias in any layer" };
var explain = new Option<bool>("--explain") { Description = "print one step's equations with the shapes and values they produce" };

var command = new RootCommand("Checks the hand-written gradients against autograd and finite differences.")
{
    model, layers, inputs, hidden, outputs, activation, outputActivation, loss, batch, noBias, explain,
};
command.Validators.Add(r =>
{
    if (r.GetResult(layers) is not { Implicit: false }) return;
    foreach (var sized in new Option[] { model, inputs, hidden, outputs })
        if (r.GetResult(sized) is { Implicit: false }) r.AddError($"--layers gives the network and all its sizes: drop {sized.Name}");
});
command.Validators.Add(r =>
{
    // A command validator sees only the options given (no defaults yet), and reading a value that does not convert throws.
    if (r.GetResult(model) is not { } m || !OptionFactory.TryGetValue(m, out string? kind) || kind != "neuron") return;
    if (r.GetResult(outputs) is { Implicit: false } o && OptionFactory.TryGetValue(o, out int n) && n != 1) r.AddError("--model neuron has exactly one output: drop --outputs");
    if (r.GetResult(activation) is { Implicit: false } a && OptionFactory.TryGetValue(a, out string? f) && f != "sigmoid") r.AddError("--model neuron is a sigmoid neuron: --activation applies to mlp only");
    if (r.GetResult(outputActivation) is { Implicit: false } g && OptionFactory.TryGetValue(g, out string? h) && h is not ("same" or "sigmoid")) r.AddError("--model neuron is a sigmoid neuron: --output-activation applies to networks only");
});
var common = new CommonOptions("GradCheck", FlagSet.Seed);

// What the error columns print instead of a number that is rounding noise (see the lines under the table).
const string Rounding = "rounding";
const double FdResolution = Tolerance.FiniteDifferenceResolution;

return ProgramHost.Run(args, command, common, (result, run) =>
{
    var lossFunction = Loss.Parse(result.GetValue(loss)!);
    var act = Activation.Parse(result.GetValue(activation)!);
    var outAct = result.GetValue(outputActivation) is "same" ? act : Activation.Parse(result.GetValue(outputActivation)!);
    bool bias = !result.GetValue(noBias);
    ModelSpec spec = result.GetResult(layers) is { Implicit: false } ? ModelSpec.Deep(OptionFactory.Sizes(result, layers), act, outAct, bias, bias)
        : result.GetValue(model) == "neuron" ? ModelSpec.Neuron(result.GetValue(inputs), bias)
        : ModelSpec.Network(result.GetValue(inputs), result.GetValue(hidden), result.GetValue(outputs), act, outAct, bias, bias);
    UsageException.FromFlags(() =>
    {
        spec.Validate();
        spec.CheckLoss(lossFunction);
    });

    int samples = result.GetValue(batch);
    MemoryLimits.CheckGradientCheck(spec, samples);
    if (result.GetValue(explain))
        RunLimits.RequireAtMost("--explain prints every value: its largest tensor", LargestExplained(spec, samples), 10_000);

    using var scope = NewDisposeScope();
    manual_seed(run.Options.Seed);
    using var net = spec.Build(run.Options.DType, run.Options.Device);
    var x = rand(result.GetValue(batch), spec.Inputs, dtype: ScalarType.Float64).Times(4).Minus(2).to(run.Options.DType, run.Options.Device);
    var y = Targets(spec, lossFunction, samples).to(run.Options.DType, run.Options.Device);

    if (result.GetValue(explain)) Explain(run.Output.Report, net, x, y, lossFunction);
    var checks = GradientCheck.Compare(net, x, y, lossFunction);
    bool pass = checks.All(c => c.Pass);
    var tolerance = Tolerance.For(run.Options.DType);

    if (run.Options.Json)
    {
        JsonOutput.Emit(new
        {
            pass,
            parameters = checks.Select(c => new
            {
                name = c.Name, shape = c.Shape, result = Verdict(c), max_abs_error = c.MaxAbsError, max_rel_error = c.MaxRelError,
                rounding_floor = c.RoundingFloor, within_rounding = c.WithinRounding, fd_rel_error = c.FiniteDifferenceRelError, fd_resolves = c.FiniteDifferencesResolve,
            }),
            config = new { spec = spec.ToString(), loss = lossFunction.Name, batch = result.GetValue(batch), dtype = run.Options.DType == ScalarType.Float32 ? "float32" : "float64", device = run.Options.Device.ToString(), seed = run.Options.Seed },
        });
    }
    var w = run.Output.Report;
    string dtype = run.Options.DType == ScalarType.Float32 ? "float32" : "float64";
    w.WriteLine($"GradCheck  {spec}  loss={lossFunction.Name}  batch={result.GetValue(batch)}  {dtype}  {run.Options.Device}  seed={run.Options.Seed}");
    w.WriteLine($"{"parameter",-15} {"shape",-10} {"max|manual−autograd|",22} {"max rel error",14} {"fd rel error",13}  result");
    foreach (var c in checks)
    {
        string abs = c.WithinRounding ? Rounding : c.MaxAbsError.ToString("0.00e+00", CultureInfo.InvariantCulture);
        string rel = c.WithinRounding ? Rounding : c.MaxRelErrorBeyondRounding.ToString("0.00e+00", CultureInfo.InvariantCulture);
        string fdRel = c.FiniteDifferenceRelError <= FdResolution ? $"< {FdResolution:0e0}" : c.FiniteDifferenceRelError.ToString("0.00e+00", CultureInfo.InvariantCulture);
        w.WriteLine($"{c.Name,-15} {"[" + string.Join(", ", c.Shape) + "]",-10} {abs,22} {rel,14} {fdRel,13}  {Verdict(c)}");
    }
    w.WriteLine($"tolerance: |manual − autograd| ≤ {tolerance.Relative:G2}·|autograd| + {tolerance.Absolute:G2}; finite differences ≤ {tolerance.FiniteDifference:G2} (normwise, h = {GradientCheck.Step:0e0}, float64)");
    w.WriteLine($"{Rounding}: |manual − autograd| ≤ {Tolerance.RoundingUlps:G}·ε·max|autograd| of the parameter (ε = {tolerance.Epsilon:0.0e0}, {dtype}): equal but for the rounding of {dtype} arithmetic, whose last digits differ between CPUs");
    w.WriteLine($"< {FdResolution:0e0}: as close as central differences at h = {GradientCheck.Step:0e0} get (their own truncation and rounding error, some 1e-10 of a gradient, differs between CPUs)");
    int autogradOnly = checks.Count(c => c.PassAgainstAutogradOnly);
    double unresolvable = GradientCheck.ResolutionMargin * (Math.BitIncrement(1.0) - 1.0) / (GradientCheck.Step * tolerance.FiniteDifference);
    w.WriteLine(!pass ? $"{checks.Count(c => !c.Pass)} of {checks.Count} parameters FAIL"
        : autogradOnly == 0 ? $"all {checks.Count} parameters PASS"
        : $"all {checks.Count} parameters PASS, {autogradOnly} against autograd only: their gradients are below {unresolvable:0e0} of the loss, finer than central differences resolve");
    return pass ? ExitCodes.Success : ExitCodes.Failure;
});

// A row's result: PASS, PASS against autograd alone where finite differences cannot resolve the gradient, or FAIL.
static string Verdict(ParameterCheck c) => !c.Pass ? "FAIL" : c.PassAgainstAutogradOnly ? "PASS (autograd; fd cannot resolve)" : "PASS";

// The most values one tensor --explain prints holds: the inputs, targets and activations are [batch, nₗ], the weights [nₗ, nₗ₋₁].
static double LargestExplained(ModelSpec spec, int batch) =>
    Math.Max(spec.Sizes.Max(n => (double)batch * n), spec.Sizes.Zip(spec.Sizes.Skip(1)).Max(p => (double)p.First * p.Second));

// Targets in the output's range: one-hot rows for softmax-ce, values in (−1, 1) for tanh, in [0, 1) otherwise.
static Tensor Targets(ModelSpec spec, Loss loss, int samples)
{
    if (loss == Loss.SoftmaxCrossEntropy)
        return nn.functional.one_hot(randint(spec.Outputs, samples), spec.Outputs).to(ScalarType.Float64);
    var y = rand(samples, spec.Outputs, dtype: ScalarType.Float64);
    return spec.OutputActivation == Activation.Tanh ? y.Times(2).Minus(1) : y;
}

// One step, equation by equation: the values the hand-written pass returns, each with the equation its line's comment states.
static void Explain(TextWriter w, BackpropModel net, Tensor x, Tensor y, Loss loss)
{
    // numpy's layout, from the values themselves (TorchSharp's formatter makes a Scalar per value and leaves it to the collector).
    static string Show(Tensor t)
    {
        using var values = t.detach().to(ScalarType.Float64).cpu().contiguous();
        return NumpyFormat.Array(values.data<double>().ToArray(), t.shape).Replace("\n", "\n    ", StringComparison.Ordinal);
    }
    w.WriteLine($"One step of hand-written backprop through {net.Spec}, loss {loss.Formula}");
    w.WriteLine($"X  [{string.Join(", ", x.shape)}]\n    {Show(x)}");
    w.WriteLine($"Y  [{string.Join(", ", y.shape)}]\n    {Show(y)}");
    foreach (var (name, p) in net.named_parameters())
        w.WriteLine($"{name}  [{string.Join(", ", p.shape)}]\n    {Show(p.detach())}");
    w.WriteLine();
    var pass = ManualBackprop.Run(net, x, y, loss);
    string source = StepExplanation.SourceOf(pass);
    foreach (var line in StepExplanation.Of(pass))
        w.WriteLine($"{line.Equation}{(line.Layer is { } l ? $"    for l = {l}" : "")}    ({source})\n  shape [{string.Join(", ", line.Value.shape)}]\n    {Show(line.Value)}");
    w.WriteLine();
    var autograd = GradientCheck.Autograd(net, x, y, loss);
    foreach (var (m, a) in pass.Gradients.Zip(autograd))
        w.WriteLine($"∂L/∂{m.Name}\n  manual   {Show(m.Gradient)}\n  autograd {Show(a.Gradient)}");
    w.WriteLine();
}

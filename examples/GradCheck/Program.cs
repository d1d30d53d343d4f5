using System.CommandLine;
using SigmoidTorch.Cli;
using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using static TorchSharp.torch;

// GradCheck: for the configuration given by flags, compares every parameter's hand-written gradient with
// autograd's and with central finite differences. Exit 0 when all pass, 1 when any fails, 2 on bad flags.
var model = OptionFactory.Choice("--model", "neuron (Linear n→1 + sigmoid) or mlp (Linear–activation–Linear)", "mlp", "neuron", "mlp");
var inputs = OptionFactory.Int("--inputs", "input features", 2);
var hidden = OptionFactory.Int("--hidden", "hidden units (mlp)", 5);
var outputs = OptionFactory.Int("--outputs", "outputs (mlp; a neuron has one)", 1);
var activation = OptionFactory.Choice("--activation", "hidden activation (mlp)", "sigmoid", "sigmoid", "tanh", "relu");
var outputActivation = OptionFactory.Choice("--output-activation", "output activation (mlp): same as the hidden one, or identity", "same", "same", "identity");
var loss = OptionFactory.Choice("--loss", "mse, sse (Σ(ŷ−y)²) or half-sse (½Σ(ŷ−y)²)", "mse", "mse", "sse", "half-sse");
var batch = OptionFactory.Int("--batch", "samples in the batch", 4);
var noBias = new Option<bool>("--no-bias") { Description = "no bias in any layer" };
var explain = new Option<bool>("--explain") { Description = "print one step's equations with the shapes and values they produce" };

var command = new RootCommand("Checks the hand-written gradients against autograd and finite differences.")
{
    model, inputs, hidden, outputs, activation, outputActivation, loss, batch, noBias, explain,
};
command.Validators.Add(r =>
{
    // A command validator sees only the options given (no defaults yet), and reading a value that does not convert throws.
    if (r.GetResult(model) is not { } m || !OptionFactory.TryGetValue(m, out string? kind) || kind != "neuron") return;
    if (r.GetResult(outputs) is { Implicit: false } o && OptionFactory.TryGetValue(o, out int n) && n != 1) r.AddError("--model neuron has exactly one output: drop --outputs");
    if (r.GetResult(activation) is { Implicit: false } a && OptionFactory.TryGetValue(a, out string? f) && f != "sigmoid") r.AddError("--model neuron is a sigmoid neuron: --activation applies to mlp only");
});
var common = new CommonOptions("GradCheck", FlagSet.Seed);

return ProgramHost.Run(args, command, common, (result, run) =>
{
    var lossFunction = Loss.Parse(result.GetValue(loss)!);
    var act = Activation.Parse(result.GetValue(activation)!);
    var outAct = result.GetValue(outputActivation) == "identity" ? Activation.Identity : act;
    bool bias = !result.GetValue(noBias);
    var spec = result.GetValue(model) == "neuron"
        ? ModelSpec.Neuron(result.GetValue(inputs), bias)
        : ModelSpec.Network(result.GetValue(inputs), result.GetValue(hidden), result.GetValue(outputs), act, outAct, bias, bias);

    int samples = result.GetValue(batch);
    GradientCheck.CheckSize(spec, samples);
    if (result.GetValue(explain))
        RunLimits.RequireAtMost("--explain prints every value: its largest tensor", LargestExplained(spec, samples), 10_000);

    using var scope = NewDisposeScope();
    manual_seed(run.Seed);
    using var net = spec.Build(run.DType, run.Device);
    var x = (rand(result.GetValue(batch), spec.Inputs, dtype: ScalarType.Float64) * 4 - 2).to(run.DType, run.Device);
    var y = rand(result.GetValue(batch), spec.Outputs, dtype: ScalarType.Float64).to(run.DType, run.Device);
    if (spec.OutputActivation == "tanh") y = y * 2 - 1;

    if (result.GetValue(explain)) Explain(run.Report, net, x, y, lossFunction);
    var checks = GradientCheck.Compare(net, x, y, lossFunction);
    bool pass = checks.All(c => c.Pass);
    var tolerance = Tolerance.For(run.DType);

    if (run.Json)
    {
        RunContext.EmitJson(new
        {
            pass,
            parameters = checks.Select(c => new { name = c.Name, shape = c.Shape, max_abs_error = c.MaxAbsError, max_rel_error = c.MaxRelError, fd_rel_error = c.FiniteDifferenceRelError }),
            config = new { spec = spec.ToString(), loss = lossFunction.Name, batch = result.GetValue(batch), dtype = run.DType == ScalarType.Float32 ? "float32" : "float64", device = run.Device.ToString(), seed = run.Seed },
        });
    }
    var w = run.Report;
    w.WriteLine($"GradCheck  {spec}  loss={lossFunction.Name}  batch={result.GetValue(batch)}  {run.DType}  {run.Device}  seed={run.Seed}".Replace("Float", "float", StringComparison.Ordinal));
    w.WriteLine($"{"parameter",-15} {"shape",-10} {"max|manual−autograd|",22} {"max rel error",14} {"fd rel error",13}  result");
    foreach (var c in checks)
        w.WriteLine($"{c.Name,-15} {"[" + string.Join(", ", c.Shape) + "]",-10} {c.MaxAbsError,22:0.00e+00} {c.MaxRelError,14:0.00e+00} {c.FiniteDifferenceRelError,13:0.00e+00}  {(c.Pass ? "PASS" : "FAIL")}");
    w.WriteLine($"tolerance: |manual − autograd| ≤ {tolerance.Relative:G2}·|autograd| + {tolerance.Absolute:G2}; finite differences ≤ {tolerance.FiniteDifference:G2} (normwise, h = 1e-6, float64)");
    w.WriteLine(pass ? $"all {checks.Count} parameters PASS" : $"{checks.Count(c => !c.Pass)} of {checks.Count} parameters FAIL");
    return pass ? ExitCodes.Success : ExitCodes.Failure;
});

// The most values one tensor --explain prints holds: the inputs, targets and activations are [batch, width], the weights [hidden, width].
static double LargestExplained(ModelSpec spec, int batch) =>
    new[] { (double)batch * spec.Inputs, (double)batch * Math.Max(spec.Hidden, spec.Outputs), (double)spec.Hidden * Math.Max(spec.Inputs, spec.Outputs) }.Max();

// One step, equation by equation: what the hand-written code computed, as its own comments state it.
static void Explain(TextWriter w, BackpropModel net, Tensor x, Tensor y, Loss loss)
{
    static string Show(Tensor t) => t.cpu().ToString(TorchSharp.TensorStringStyle.Numpy, fltFormat: "G6").Replace("\n", "\n    ");
    w.WriteLine($"One step of hand-written backprop through {net.Spec}, loss {loss.Formula}");
    w.WriteLine($"X  [{string.Join(", ", x.shape)}]\n    {Show(x)}");
    w.WriteLine($"Y  [{string.Join(", ", y.shape)}]\n    {Show(y)}");
    foreach (var (name, p) in net.named_parameters())
        w.WriteLine($"{name}  [{string.Join(", ", p.shape)}]\n    {Show(p.detach())}");
    w.WriteLine();
    var trace = new StepTrace();
    var manual = ManualBackprop.Gradients(net, x, y, loss, trace);
    foreach (var entry in trace.Entries)
        w.WriteLine($"{entry.Equation}    ({entry.Source})\n  shape [{string.Join(", ", entry.Value.shape)}]\n    {Show(entry.Value)}");
    w.WriteLine();
    var autograd = GradientCheck.Autograd(net, x, y, loss);
    foreach (var (m, a) in manual.Zip(autograd))
        w.WriteLine($"∂L/∂{m.Name}\n  manual   {Show(m.Gradient)}\n  autograd {Show(a.Gradient)}");
    w.WriteLine();
}

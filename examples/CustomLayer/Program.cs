using System.CommandLine;
using System.Globalization;
using SigmoidTorch.Checking;
using SigmoidTorch.Cli;
using SigmoidTorch.Functions;
using static TorchSharp.torch;

// CustomLayer: check your own backprop. A layer the library does not have (LayerNormByHand.cs: layer normalisation,
// its backward written by hand) is checked with SigmoidTorch.Checking — its parameters' gradients as a module, its
// input's gradient as a function — then the same backward with a classic mistake, then trained by hand and by autograd
// from the same start. Exit 0 when the right backward passes and the mistake is caught, 1 otherwise, 2 on bad flags.
var rows = OptionFactory.Int("--rows", "samples in the batch", 6, max: 1_000);
var features = OptionFactory.Int("--features", "features of each sample (the layer normalises each row over them)", 5, min: 2, max: 1_000);
var steps = OptionFactory.Int("--steps", "training steps, by hand and by autograd", 100, min: 0, max: 100_000);
var lr = OptionFactory.PositiveDouble("--lr", "learning rate η of the training steps", 0.5);
var command = new RootCommand("Check your own backprop: a hand-written layer normalisation, checked against autograd and finite differences, then trained by hand and by autograd.")
{
    rows, features, steps, lr,
};
var common = new CommonOptions("CustomLayer", FlagSet.Seed);

return ProgramHost.Run(args, command, common, (result, run) =>
{
    var (dtype, device, w) = (run.Options.DType, run.Options.Device, run.Output.Report);
    int n = result.GetValue(rows), m = result.GetValue(features);
    using var scope = NewDisposeScope();
    manual_seed(run.Options.Seed);
    var x = randn(n, m, dtype: ScalarType.Float64).Times(3).Plus(1).to(dtype, device);
    var t = randn(n, m, dtype: ScalarType.Float64).to(dtype, device);
    using var layer = new LayerNormByHand(m, dtype, device);
    using (no_grad())
    {
        layer.Gamma.copy_(rand(m, dtype: ScalarType.Float64).Plus(0.5).to(dtype, device));
        layer.Beta.copy_(randn(m, dtype: ScalarType.Float64).Times(0.1).to(dtype, device));
    }

    // L = mean((y − t)²), ∂L/∂y = 2(y − t)/(N·features).
    static Tensor Loss(Tensor y, Tensor t) => nn.functional.mse_loss(y, t);
    static Tensor LossGradient(Tensor y, Tensor t) => (y - t).Times(2.0 / y.numel());
    Dictionary<string, Tensor> ParameterGradients()
    {
        var (_, dgamma, dbeta) = layer.Backward(x, LossGradient(layer.forward(x), t));
        return new() { ["gamma"] = dgamma, ["beta"] = dbeta };
    }

    var parameters = BackpropCheck.Module(layer, x, t, Loss, ParameterGradients, $"LayerNormByHand's γ and β under mse_loss, {Name(dtype)}");
    var input = BackpropCheck.Function(a => layer.forward(a[0]), [x], (a, v) => [layer.Backward(a[0], v).dL_dx], ["x"], description: $"LayerNormByHand's ∂L/∂x, {Name(dtype)}");
    var mistake = BackpropCheck.Function(a => layer.forward(a[0]), [x], (a, v) => [layer.Backward(a[0], v, sigmaConstant: true).dL_dx], ["x"],
        description: $"the same ∂L/∂x treating σ as a constant, {Name(dtype)}");
    var training = Train(layer, x, t, result.GetValue(steps), result.GetValue(lr));
    bool pass = parameters.Pass && input.Pass && !mistake.Pass;

    if (run.Options.Json)
    {
        JsonOutput.Emit(new
        {
            pass,
            checks = new[] { parameters, input, mistake }.Select(r => new { what = r.What, pass = r.Pass, tensors = r.Tensors.Select(c => new { name = c.Name, pass = c.Pass, max_abs_diff = c.MaxAbsDiff, max_rel_error = c.MaxRelError, fd_rel_error = c.FiniteDifferenceRelError, elements_outside = c.ElementsOutside,
                worst = c.Worst is { } e ? new { index = e.Index, manual = e.Manual, autograd = e.Autograd, finite_difference = e.FiniteDifference, at_kink = e.AtKink } : null }) }),
            training = new { steps = result.GetValue(steps), loss_by_hand = training.ByHand, loss_by_autograd = training.ByAutograd, max_weight_diff = training.MaxWeightDiff },
        });
        return pass ? ExitCodes.Success : ExitCodes.Failure;
    }
    w.WriteLine(parameters);
    w.WriteLine();
    w.WriteLine(input);
    w.WriteLine();
    w.WriteLine(mistake);
    w.WriteLine();
    w.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{result.GetValue(steps)} steps of θ ← θ − η·∂L/∂θ (η = {result.GetValue(lr)}) from the same start: loss {training.ByHand:G6} by hand, {training.ByAutograd:G6} by autograd; max |γ, β by hand − by autograd| {(training.MaxWeightDiff == 0 ? "0 (bit for bit)" : training.MaxWeightDiff.ToString("0.0e+0", CultureInfo.InvariantCulture))}"));
    w.WriteLine(pass ? "the right backward passes, and the check catches the mistake" : "unexpected: see the reports above");
    return pass ? ExitCodes.Success : ExitCodes.Failure;
});

static string Name(ScalarType dtype) => dtype.ToString().ToLowerInvariant();

// The layer trained twice from its current weights, each step under its own dispose scope: once with the hand-written
// gradients, once with autograd's, the same update θ ← θ − η·∂L/∂θ. The layer is left as it was.
static (double ByHand, double ByAutograd, double MaxWeightDiff) Train(LayerNormByHand layer, Tensor x, Tensor t, int steps, double lr)
{
    var start = (layer.Gamma.detach().clone(), layer.Beta.detach().clone());
    (Tensor Gamma, Tensor Beta, double Loss) Run(bool byHand)
    {
        using (no_grad())
        {
            layer.Gamma.copy_(start.Item1);
            layer.Beta.copy_(start.Item2);
        }
        for (int i = 0; i < steps; i++)
        {
            using var step = NewDisposeScope();
            Tensor dgamma, dbeta;
            if (byHand)
            {
                (_, dgamma, dbeta) = layer.Backward(x, (layer.forward(x) - t).Times(2.0 / t.numel()));
            }
            else
            {
                layer.zero_grad();
                nn.functional.mse_loss(layer.forward(x), t).backward();
                (dgamma, dbeta) = (layer.Gamma.grad!, layer.Beta.grad!);
            }
            using var noGrad = no_grad();
            layer.Gamma.sub_(dgamma.Times(lr));                                  // γ ← γ − η·∂L/∂γ
            layer.Beta.sub_(dbeta.Times(lr));                                    // β ← β − η·∂L/∂β
        }
        using (no_grad())
            return (layer.Gamma.detach().clone(), layer.Beta.detach().clone(), nn.functional.mse_loss(layer.forward(x), t).to(ScalarType.Float64).item<double>());
    }
    var hand = Run(byHand: true);
    var auto = Run(byHand: false);
    using (no_grad())
    {
        layer.Gamma.copy_(start.Item1);
        layer.Beta.copy_(start.Item2);
        double diff = Math.Max((hand.Gamma - auto.Gamma).abs().max().to(ScalarType.Float64).item<double>(), (hand.Beta - auto.Beta).abs().max().to(ScalarType.Float64).item<double>());
        return (hand.Loss, auto.Loss, diff);
    }
}

using SigmoidTorch.Functions;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>The comparison of one parameter's hand-written gradient with autograd's and with finite differences.</summary>
/// <param name="Name">state_dict name of the parameter.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="MaxAbsError">max |manual − autograd|.</param>
/// <param name="MaxRelError">max |manual − autograd| / max(|autograd|, Absolute/Relative): relative where the tolerance is relative.</param>
/// <param name="FiniteDifferenceRelError">‖manual − fd‖∞ / max(‖fd‖∞, ‖manual‖∞), fd the central finite difference in float64.</param>
/// <param name="Pass">Both comparisons within <see cref="Tolerance"/>.</param>
public sealed record ParameterCheck(string Name, long[] Shape, double MaxAbsError, double MaxRelError, double FiniteDifferenceRelError, bool Pass);

/// <summary>
/// Gradients from libtorch's autograd and from central finite differences, to hold the hand-written ones against.
/// </summary>
public static class GradientCheck
{
    /// <summary>∂L/∂θ for every parameter, by <c>loss.backward()</c>; the model's <c>.grad</c>s are cleared afterwards.</summary>
    public static IReadOnlyList<(string Name, Tensor Parameter, Tensor Gradient)> Autograd(BackpropModel model, Tensor X, Tensor Y, Loss loss)
    {
        model.zero_grad(set_to_none: true);
        using (enable_grad())
            model.LossOn(loss, X, Y).backward();
        var gradients = model.named_parameters()
            .Select(p => (p.name, (Tensor)p.parameter, p.parameter.grad?.clone() ?? zeros_like(p.parameter)))
            .ToList();
        model.zero_grad(set_to_none: true);
        return gradients;
    }

    /// <summary>
    /// The step h of the central differences: 1e-5, where their truncation error (about h²·|L'''|/6) and their rounding
    /// error (about ε·|L|/h, ε = 1.1e-16) are of one size, some 1e-11 for these losses. (With 1e-6 the rounding error is
    /// ten times larger: measured on deep sigmoid networks, 10 to 20 times the error of 1e-5.)
    /// </summary>
    public const double Step = 1e-5;

    /// <summary>
    /// (L(θᵢ + h) − L(θᵢ − h)) / 2h for every entry θᵢ of every parameter, on a float64 copy of the model
    /// (so it is independent of both the hand-written code and autograd).
    /// </summary>
    public static IReadOnlyList<(string Name, Tensor Parameter, Tensor Gradient)> FiniteDifferences(BackpropModel model, Tensor X, Tensor Y, Loss loss, double h = Step)
    {
        using var noAutograd = no_grad();
        using var copy = model.Spec.Build(ScalarType.Float64, CPU);
        copy.SetParameters(model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to(ScalarType.Float64, CPU)));
        var (x, y) = (X.to(ScalarType.Float64, CPU), Y.to(ScalarType.Float64, CPU));
        double LossAt() => copy.LossOn(loss, x, y).item<double>();

        var result = new List<(string, Tensor, Tensor)>();
        foreach (var (name, parameter) in copy.named_parameters())
        {
            var flat = parameter.view(-1);
            var fd = zeros(flat.shape[0], dtype: ScalarType.Float64);
            for (long i = 0; i < flat.shape[0]; i++)
            {
                using var entry = NewDisposeScope();        // two forward passes per entry: memory stays flat however many entries
                double theta = flat[i].item<double>();
                flat[i] = theta + h;
                double plus = LossAt();
                flat[i] = theta - h;
                double minus = LossAt();
                flat[i] = theta;
                fd[i] = (plus - minus) / (2 * h);
            }
            result.Add((name, parameter, fd.view(parameter.shape)));
        }
        return result;
    }

    /// <summary>Parameters a check may have: the finite differences evaluate the loss twice for every one (about 0.1 ms each).</summary>
    public const long MaxParameters = 50_000;

    /// <summary>
    /// The finite differences' work, parameters² × batch (two forward passes, each about batch × parameters
    /// multiply-adds, for every parameter): at most 10^10, a few seconds to a minute on one core.
    /// </summary>
    public const double MaxWork = 1e10;

    /// <summary>
    /// Checks, before anything is allocated, that a check of <paramref name="spec"/> on <paramref name="batch"/> samples
    /// fits <see cref="MaxParameters"/> and <see cref="MaxWork"/>; a <see cref="ResourceLimitException"/> otherwise
    /// (the machine's memory too: <c>MemoryLimits.CheckGradientCheck</c> in SigmoidTorch.Runtime).
    /// </summary>
    public static void CheckSize(ModelSpec spec, long batch)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long parameters = spec.ParameterCount;
        RunLimits.RequireAtMost($"a gradient check of {spec}: the number of parameters", parameters, MaxParameters);
        RunLimits.RequireAtMost($"a gradient check of {spec} on a batch of {RunLimits.Count(batch)}: the finite differences' work, parameters² × batch,", (double)parameters * parameters * batch, MaxWork);
    }

    /// <summary>
    /// Compares manual, autograd and finite-difference gradients for every parameter of <paramref name="model"/>
    /// (within <see cref="CheckSize"/>'s limits), for a loss its output can take and targets of that loss.
    /// </summary>
    public static IReadOnlyList<ParameterCheck> Compare(BackpropModel model, Tensor X, Tensor Y, Loss loss)
    {
        CheckSize(model.Spec, X.shape[0]);
        model.Spec.CheckLoss(loss);
        loss.CheckTargets(Y);
        using var scope = NewDisposeScope();
        var tolerance = Tolerance.For(model.DType);
        var manual = ManualBackprop.Gradients(model, X, Y, loss);
        var autograd = GradientCheck.Autograd(model, X, Y, loss);
        var fd = FiniteDifferences(model, X, Y, loss);
        var checks = new List<ParameterCheck>();
        for (int i = 0; i < manual.Count; i++)
        {
            var m = manual[i].Gradient.to(ScalarType.Float64).cpu();
            var a = autograd[i].Gradient.to(ScalarType.Float64).cpu();
            var f = fd[i].Gradient;
            var diff = (m - a).abs();
            double maxAbs = diff.max().item<double>();
            double maxRel = (diff / a.abs().AtLeast(tolerance.Absolute / tolerance.Relative)).max().item<double>();
            double fdScale = Math.Max(Math.Max(f.abs().max().item<double>(), m.abs().max().item<double>()), 1e-300);
            double fdRel = (m - f).abs().max().item<double>() / fdScale;
            bool pass = tolerance.Agree(m, a) && fdRel <= tolerance.FiniteDifference;
            checks.Add(new ParameterCheck(manual[i].Name, manual[i].Parameter.shape, maxAbs, maxRel, fdRel, pass));
        }
        return checks;
    }
}

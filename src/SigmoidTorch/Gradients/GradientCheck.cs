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
/// <param name="RoundingFloor">
/// <see cref="Tolerance.RoundingFloor"/> of autograd's largest entry: differences up to it are the rounding of the
/// dtype's arithmetic, whose digits change with the CPU and the thread count.
/// </param>
/// <param name="MaxRelErrorBeyondRounding">
/// <see cref="MaxRelError"/> over the entries whose difference exceeds <see cref="RoundingFloor"/> only (0 when none
/// does): an entry near zero, cancelled down to rounding, has no meaningful relative error.
/// </param>
/// <param name="FiniteDifferenceRelError">‖manual − fd‖∞ / max(‖fd‖∞, ‖manual‖∞), fd the central finite difference in float64.</param>
/// <param name="AgreesWithAutograd">Every entry within <see cref="Tolerance"/> of autograd's.</param>
/// <param name="AgreesWithFiniteDifferences"><see cref="FiniteDifferenceRelError"/> within <see cref="Tolerance.FiniteDifference"/>.</param>
/// <param name="FiniteDifferencesResolve">
/// Whether central differences can resolve this gradient at all (<see cref="GradientCheck.FiniteDifferencesResolve"/>):
/// false for a gradient so small against the loss that their rounding noise is larger than the tolerance allows.
/// </param>
public sealed record ParameterCheck(string Name, long[] Shape, double MaxAbsError, double MaxRelError, double RoundingFloor,
                                    double MaxRelErrorBeyondRounding, double FiniteDifferenceRelError,
                                    bool AgreesWithAutograd, bool AgreesWithFiniteDifferences, bool FiniteDifferencesResolve)
{
    /// <summary>max |manual − autograd| is within <see cref="RoundingFloor"/>: the two agree to rounding.</summary>
    public bool WithinRounding => MaxAbsError <= RoundingFloor;

    /// <summary>
    /// The gradient is right as far as the check can tell: it agrees with autograd, and with the finite differences
    /// wherever they can resolve it.
    /// </summary>
    public bool Pass => AgreesWithAutograd && (AgreesWithFiniteDifferences || !FiniteDifferencesResolve);

    /// <summary>It passes against autograd only: the finite differences disagree, and cannot resolve a gradient this small.</summary>
    public bool PassAgainstAutogradOnly => Pass && !AgreesWithFiniteDifferences;
}

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
                var (plus, minus) = Around(flat, i, LossAt, h);
                fd[i] = (plus - minus) / (2 * h);                // ∂L/∂θᵢ ≈ (L(θᵢ + h) − L(θᵢ − h)) / 2h
            }
            result.Add((name, parameter, fd.view(parameter.shape)));
        }
        return result;
    }

    /// <summary>
    /// (f(θᵢ + h), f(θᵢ − h)): <paramref name="f"/> evaluated with element <paramref name="i"/> of the flat float64 view
    /// <paramref name="flat"/> moved by ±h, and the element put back, under a dispose scope of its own (memory stays flat
    /// however many elements).
    /// </summary>
    public static (double Plus, double Minus) Around(Tensor flat, long i, Func<double> f, double h = Step)
    {
        ArgumentNullException.ThrowIfNull(flat);
        ArgumentNullException.ThrowIfNull(f);
        using var entry = NewDisposeScope();
        double theta = flat[i].item<double>();
        flat[i] = theta + h;
        double plus = f();
        flat[i] = theta - h;
        double minus = f();
        flat[i] = theta;
        return (plus, minus);
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
        double lossValue;
        using (no_grad())
            lossValue = model.LossOn(loss, X, Y).to(ScalarType.Float64).item<double>();
        var checks = new List<ParameterCheck>();
        for (int i = 0; i < manual.Count; i++)
        {
            double[] m = Values(manual[i].Gradient), a = Values(autograd[i].Gradient), f = Values(fd[i].Gradient);
            double largest = MaxAbs(a);
            double floor = tolerance.RoundingFloor(largest);
            double maxAbs = 0, maxRel = 0, maxRelBeyond = 0, fdDiff = 0;
            for (int j = 0; j < m.Length; j++)
            {
                double diff = Math.Abs(m[j] - a[j]);
                double rel = diff / Math.Max(Math.Abs(a[j]), tolerance.Absolute / tolerance.Relative);
                maxAbs = Math.Max(maxAbs, diff);
                maxRel = Math.Max(maxRel, rel);
                if (diff > floor) maxRelBeyond = Math.Max(maxRelBeyond, rel);
                fdDiff = Math.Max(fdDiff, Math.Abs(m[j] - f[j]));
            }
            double fdRel = fdDiff / Math.Max(Math.Max(MaxAbs(f), MaxAbs(m)), 1e-300);
            checks.Add(new ParameterCheck(manual[i].Name, manual[i].Parameter.shape, maxAbs, maxRel, floor, maxRelBeyond, fdRel,
                AgreesWithAutograd: tolerance.Agree(manual[i].Gradient, autograd[i].Gradient),
                AgreesWithFiniteDifferences: fdRel <= tolerance.FiniteDifference,
                FiniteDifferencesResolve: FiniteDifferencesResolve(largest, lossValue, tolerance.FiniteDifference)));
        }
        return checks;
    }

    /// <summary>
    /// Whether central differences at <see cref="Step"/> can check a gradient whose largest entry is
    /// <paramref name="largest"/> to the normwise <paramref name="tolerance"/>, for a loss of <paramref name="loss"/>.
    /// Each loss they evaluate is rounded (in float64, ε = 2.2e-16) by at least ε/2·|L|, and in practice by a few ε·|L|;
    /// the difference quotient (L(θ+h) − L(θ−h)) / 2h divides that by 2h, so every entry carries noise of about
    /// ε·|L|/h, 2.2e-11·|L| at h = 1e-5. (Their truncation error, h²/6·|∂³L/∂θ³|, shrinks with the gradient along a
    /// chain of saturating layers, so it is about h² = 1e-10 of the gradient, never the limit here.) The check can
    /// pass only where that noise is within the tolerance of the largest entry: tolerance·max|g| ≥ ε·|L|/h. Below
    /// <see cref="ResolutionMargin"/> times that — max|g| &lt; 4·ε·|L| / (h·tolerance), about 1e-4 of the loss at
    /// tolerance 1e-6 — the finite differences measure their own rounding, not the gradient, and disagreeing with
    /// them says nothing about it (the first layers of a deep chain of one-unit sigmoid layers are such gradients).
    /// </summary>
    public static bool FiniteDifferencesResolve(double largest, double loss, double tolerance) =>
        tolerance * Math.Abs(largest) >= ResolutionMargin * (Math.BitIncrement(1.0) - 1.0) * Math.Abs(loss) / Step;

    /// <summary>
    /// How many times the finite differences' rounding noise ε·|L|/h a tolerance on the largest gradient entry must
    /// exceed for them to resolve it (<see cref="FiniteDifferencesResolve"/>): the loss of these models is a sum of a
    /// batch's terms, whose rounding is a few ε·|L|, not one. Measured with GradCheck on 188 float64 parameters whose
    /// gradient is below 1e-5 of the loss (where the noise is all there is): |manual − fd| at most 2.3·ε·|L|/h. Of 750
    /// float64 parameters checked, every one that finite differences failed had a gradient below 2.4e-5 of the loss,
    /// under this margin's bound of 8.9e-5.
    /// </summary>
    public const double ResolutionMargin = 4;

    private static double[] Values(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
    }

    private static double MaxAbs(double[] values) => values.Length == 0 ? 0 : values.Max(Math.Abs);
}

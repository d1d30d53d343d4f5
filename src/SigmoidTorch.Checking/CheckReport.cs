using System.Globalization;
using System.Text;
using SigmoidTorch.Gradients;

namespace SigmoidTorch.Checking;

/// <summary>
/// The result of a check: one <see cref="TensorCheck"/> per gradient tensor, and the tolerance they were held to. Its
/// <see cref="ToString"/> is the table a person reads; <see cref="ThrowIfFailed"/> makes it an assertion for any test
/// framework.
/// </summary>
/// <param name="What">What was checked, for the report's first line ("module MyLayer, loss mse_loss, float32").</param>
/// <param name="Tensors">Every gradient tensor, in the order of the parameters or inputs.</param>
/// <param name="Tolerance">The tolerance of the checked dtype.</param>
/// <param name="Missing">Names autograd has a gradient for and the hand-written function gave none.</param>
/// <param name="Unexpected">Names the hand-written function gave that are not parameters (or inputs).</param>
public sealed record CheckReport(string What, IReadOnlyList<TensorCheck> Tensors, Tolerance Tolerance, IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected)
{
    /// <summary>Every tensor passes, none is missing and none is unexpected.</summary>
    public bool Pass => Tensors.All(t => t.Pass) && Missing.Count == 0 && Unexpected.Count == 0;

    /// <summary>Throws a <see cref="GradientMismatchException"/> whose message is this report, unless it passes.</summary>
    public void ThrowIfFailed()
    {
        if (!Pass) throw new GradientMismatchException(this);
    }

    /// <summary>
    /// The report: a header, one row per tensor (verdict, shape, exact, max |m − a|, max relative error, finite
    /// differences' error), then for every failing tensor its worst element with the manual, autograd and
    /// finite-difference values and whether it sits at a kink.
    /// </summary>
    public override string ToString()
    {
        var s = new StringBuilder();
        int failed = Tensors.Count(t => !t.Pass) + Missing.Count + Unexpected.Count;
        s.AppendLine(CultureInfo.InvariantCulture, $"gradient check of {What}: {(failed == 0 ? "PASS" : $"FAIL ({failed} of {Tensors.Count + Unexpected.Count} tensors)")}");
        s.AppendLine(CultureInfo.InvariantCulture, $"  tolerance: |manual − autograd| ≤ {Tolerance.Relative:0e0}·|autograd| + {Tolerance.Absolute:0e0}; finite differences (float64, h = {GradientCheck.Step:0e0}) within {Tolerance.FiniteDifference:0e0} of the largest entry; rel = |m − a| / (|m| + |a|)");
        int width = Math.Max(6, Tensors.Select(t => t.Name.Length).DefaultIfEmpty(0).Max());
        s.AppendLine($"  {"tensor".PadRight(width)}  verdict  {"shape",-12}  exact  max |m − a|  max rel    fd rel");
        foreach (var t in Tensors)
        {
            string shape = t.ShapeMatches ? Shape(t.Shape) : $"{Shape(t.ManualShape)}≠{Shape(t.Shape)}";
            string verdict = t.Pass ? (t.AgreesWithFiniteDifferences ? "PASS" : "PASS*") : "FAIL";
            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {t.Name.PadRight(width)}  {verdict,-7}  {shape,-12}  {(t.Exact ? "yes" : "no"),-5}  {Difference(t, t.MaxAbsDiff),-11}  {Difference(t, t.MaxRelError),-9}  {FiniteDifferenceError(t.FiniteDifferenceRelError)}");
        }
        foreach (var t in Tensors.Where(t => !t.Pass))
        {
            if (!t.ShapeMatches)
                s.AppendLine(CultureInfo.InvariantCulture, $"  {t.Name}: the hand-written gradient has shape {Shape(t.ManualShape)}, the parameter {Shape(t.Shape)} (a missing transpose or sum?)");
            else if (t.Worst is { } w)
                s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {t.Name}{w.IndexText}: manual {w.Manual:G6}, autograd {w.Autograd:G6}, finite difference {w.FiniteDifference:G6}")
                    + (w.AtKink is true ? " — at a kink: the one-sided differences disagree, no derivative exists here" : "")
                    + (t.AgreesWithAutograd ? "" : $" ({Cause(t, w)})"));
        }
        foreach (string name in Missing)
            s.AppendLine(CultureInfo.InvariantCulture, $"  {name}: no hand-written gradient given");
        foreach (string name in Unexpected)
            s.AppendLine(CultureInfo.InvariantCulture, $"  {name}: a hand-written gradient for something that is not a parameter");
        if (Tensors.Any(t => t.WithinRounding && !t.Exact))
            s.AppendLine(CultureInfo.InvariantCulture, $"  rounding: |manual − autograd| ≤ {Tolerance.RoundingUlps:G}·ε·max|autograd| (ε = {Tolerance.Epsilon:0.0e0}): equal but for the rounding of the arithmetic, whose last digits differ between CPUs");
        if (Tensors.Any(t => t.FiniteDifferenceRelError <= Tolerance.FiniteDifferenceResolution))
            s.AppendLine(CultureInfo.InvariantCulture, $"  < {Tolerance.FiniteDifferenceResolution:0e0}: as close as central differences get");
        if (Tensors.Any(t => t.Pass && !t.AgreesWithFiniteDifferences))
            s.AppendLine("  PASS*: agrees with autograd; the gradient is too small against the loss for finite differences to resolve");
        return s.ToString().TrimEnd();
    }

    // What the worst element's numbers suggest.
    private static string Cause(TensorCheck t, WorstElement w)
    {
        if (w.Autograd != 0 && Math.Abs(w.Manual / w.Autograd - 2) < 1e-6) return "twice autograd's: a factor 2 too many?";
        if (w.Autograd != 0 && Math.Abs(w.Manual / w.Autograd - 0.5) < 1e-6) return "half of autograd's: a factor 2 missing?";
        if (w.Manual == -w.Autograd) return "autograd's with the other sign";
        long elements = t.Shape.Aggregate(1L, (a, b) => a * b);
        return t.ElementsOutside == 1 ? "the only element outside the tolerance" : $"the furthest of {t.ElementsOutside} of its {elements} elements outside the tolerance";
    }

    private static string Shape(long[]? shape) => shape is null ? "none" : $"[{string.Join(", ", shape)}]";

    // A difference between manual and autograd: 0, "rounding" within the rounding floor (its digits differ between CPUs), or the number.
    private static string Difference(TensorCheck t, double x) => t.Exact ? "0" : t.WithinRounding ? "rounding" : Number(x);

    private static string FiniteDifferenceError(double x) => x <= Tolerance.FiniteDifferenceResolution ? $"< {Tolerance.FiniteDifferenceResolution:0e0}" : Number(x);

    private static string Number(double x) => x.ToString("0.0e+0", CultureInfo.InvariantCulture);
}

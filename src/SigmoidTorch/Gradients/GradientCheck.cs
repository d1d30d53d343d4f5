using SigmoidTorch.Functions;
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
            loss.Value(model.forward(X), Y).backward();
        var gradients = model.named_parameters()
            .Select(p => (p.name, (Tensor)p.parameter, p.parameter.grad?.clone() ?? zeros_like(p.parameter)))
            .ToList();
        model.zero_grad(set_to_none: true);
        return gradients;
    }

    /// <summary>
    /// (L(θᵢ + h) − L(θᵢ − h)) / 2h for every entry θᵢ of every parameter, on a float64 copy of the model
    /// (so it is independent of both the hand-written code and autograd).
    /// </summary>
    public static IReadOnlyList<(string Name, Tensor Parameter, Tensor Gradient)> FiniteDifferences(BackpropModel model, Tensor X, Tensor Y, Loss loss, double h = 1e-6)
    {
        using var noAutograd = no_grad();
        using var copy = model.Spec.Build(ScalarType.Float64, CPU);
        copy.SetParameters(model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to(ScalarType.Float64, CPU)));
        var (x, y) = (X.to(ScalarType.Float64, CPU), Y.to(ScalarType.Float64, CPU));
        double LossAt() => loss.Value(copy.forward(x), y).item<double>();

        var result = new List<(string, Tensor, Tensor)>();
        foreach (var (name, parameter) in copy.named_parameters())
        {
            var flat = parameter.view(-1);
            var fd = zeros(flat.shape[0], dtype: ScalarType.Float64);
            for (long i = 0; i < flat.shape[0]; i++)
            {
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

    /// <summary>Compares manual, autograd and finite-difference gradients for every parameter of <paramref name="model"/>.</summary>
    public static IReadOnlyList<ParameterCheck> Compare(BackpropModel model, Tensor X, Tensor Y, Loss loss)
    {
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
            double maxRel = (diff / a.abs().clamp_min(tolerance.Absolute / tolerance.Relative)).max().item<double>();
            double fdScale = Math.Max(Math.Max(f.abs().max().item<double>(), m.abs().max().item<double>()), 1e-300);
            double fdRel = (m - f).abs().max().item<double>() / fdScale;
            bool pass = tolerance.Agree(m, a) && fdRel <= tolerance.FiniteDifference;
            checks.Add(new ParameterCheck(manual[i].Name, manual[i].Parameter.shape, maxAbs, maxRel, fdRel, pass));
        }
        return checks;
    }
}

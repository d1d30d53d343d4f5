using SigmoidTorch.Functions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Functions;

/// <summary>
/// The activations beyond the articles against libtorch's own modules (nn.GELU, nn.GELU(approximate: tanh), nn.SiLU,
/// nn.Softplus, nn.LeakyReLU, nn.ELU, with libtorch's defaults and with other numbers): forward values and the hand-written
/// f'(z) against autograd's gradient through the module, in float64 and float32, at ordinary points, at the kinks and at
/// 0, at softplus's linear threshold, and in the tails where a naive formula overflows or underflows.
/// </summary>
public class ActivationModuleTests
{
    public static TheoryData<string> Names => new() { "gelu", "gelu-tanh", "silu", "softplus", "softplus(2,10)", "leaky-relu", "leaky-relu(0.2)", "elu", "elu(0.5)" };

    // libtorch's module for each name (TorchSharp's Softplus, LeakyReLU and ELU make their Scalars in forward and leave them
    // to the collector: the reference itself, called as TorchSharp wrote it, in this test only).
    private static nn.Module<Tensor, Tensor> Module(string name) => name switch
    {
        "gelu" => nn.GELU(),
        "gelu-tanh" => nn.GELU(TorchSharp.Modules.GELU.Approximate.tanh),
        "silu" => nn.SiLU(),
        "softplus" => nn.Softplus(),
        "softplus(2,10)" => nn.Softplus(beta: 2, threshold: 10),
        "leaky-relu" => nn.LeakyReLU(),
        "leaky-relu(0.2)" => nn.LeakyReLU(0.2),
        "elu" => nn.ELU(),
        "elu(0.5)" => nn.ELU(0.5),
        _ => throw new ArgumentException(name),
    };

    // Ordinary points every 0.05 over [−6, 6]; 0 and tiny z either side (the kinks of leaky ReLU and ELU); the tails ±30
    // and ±1000 (e^1000 overflows, e^−1000 and φ(30) underflow); softplus's threshold βz = 20 or 10 and the doubles either side.
    private static double[] Points(string name)
    {
        var points = Enumerable.Range(0, 241).Select(i => -6 + 0.05 * i)
            .Concat([0.0, -0.0, 1e-300, -1e-300, 1e-8, -1e-8, 30, -30, 1000, -1000]).ToList();
        foreach (double edge in new[] { 20.0, 10.0, 5.0 })
            points.AddRange([edge, Math.BitDecrement(edge), Math.BitIncrement(edge)]);
        return points.ToArray();
    }

    /// <summary>
    /// float64: both sides evaluate the same few operations (erf, exp, tanh, log1p, sigmoid) in another order, a handful of
    /// roundings of 1.1e-16 each: 1e-12 relative, elementwise, with no absolute floor, so the tails (values of 1e-13 and
    /// below) are held to their own digits and a zero must be a zero. One exception, argued: the tanh form's
    /// f' = ½(1 + tanh u) + ½z(1 − tanh²u)·u' sums terms of size 1 to a result of 1e-9 and less for z &lt; −5 (1 + tanh u
    /// cancels), in libtorch's kernel as in ours, so each carries an error of a few ε of those terms, not of the result:
    /// for gelu-tanh the floor is 4ε = 8.9e-16 (measured: 1.1e-20 apart at z = −6, where f' = −7.7e-10).
    /// </summary>
    [Theory, MemberData(nameof(Names))]
    public void Float64ValuesAndGradientsAreTheModules(string name) =>
        Compare(name, ScalarType.Float64, (z, r) => r.abs().Times(1e-12).Plus(name == "gelu-tanh" ? 4 * (Math.BitIncrement(1.0) - 1.0) : 0));

    /// <summary>
    /// float32: each side is about ten float32 operations, each rounding by up to ε/2 = 6e-8 of a term no larger than
    /// max(1, |z|) (for f' the terms Φ, z·φ, ½(1 + tanh u), … are at most 1.1; for f, z itself): the two may differ by
    /// 16·ε·max(1, |z|).
    /// </summary>
    [Theory, MemberData(nameof(Names))]
    public void Float32ValuesAndGradientsAreTheModulesToRounding(string name) =>
        Compare(name, ScalarType.Float32, (z, _) => z.abs().to(ScalarType.Float64).AtLeast(1).Times(16 * (MathF.BitIncrement(1f) - 1f)));

    private static void Compare(string name, ScalarType dtype, Func<Tensor, Tensor, Tensor> tolerance)
    {
        using var scope = NewDisposeScope();
        var f = Activation.Parse(name);
        Assert.Equal(name, f.Name);
        using var module = Module(name);
        var z = tensor(Points(name), dtype: ScalarType.Float64).to(dtype);
        var input = z.clone().requires_grad_();
#pragma warning disable ST0002 // The reference itself, called as TorchSharp wrote it (Softplus, LeakyReLU and ELU leave their numbers to the collector).
        var reference = module.call(input);
#pragma warning restore ST0002
        var referenceGradient = torch.autograd.grad(new[] { reference }, new[] { input }, new[] { ones_like(reference) })[0];

        AssertClose(name, "f(z)", z, f.Apply(z), reference.detach(), tolerance);
        AssertClose(name, "f'(z)", z, f.Derivative(z), referenceGradient, tolerance);
    }

    private static void AssertClose(string name, string what, Tensor z, Tensor manual, Tensor reference, Func<Tensor, Tensor, Tensor> tolerance)
    {
        var (m, r) = (manual.to(ScalarType.Float64), reference.to(ScalarType.Float64));
        var bad = (m - r).abs().gt(tolerance(z, r)).nonzero();
        if (bad.shape[0] == 0) return;
        long i = bad[0, 0].item<long>();
        Assert.Fail($"{name} {z.dtype}: {what} at z = {z[i].to(ScalarType.Float64).item<double>():R} is {m[i].item<double>():R}, libtorch's module {r[i].item<double>():R} ({bad.shape[0]} points differ)");
    }

    /// <summary>The points the summaries name, by hand: what libtorch's autograd gives at 0 and where the formula would overflow.</summary>
    [Fact]
    public void TheConventionsAtZeroAndInTheTailsAreLibtorchs()
    {
        using var scope = NewDisposeScope();
        double At(Activation f, double z) => f.Derivative(tensor(new[] { z }, dtype: ScalarType.Float64))[0].item<double>();
        Assert.Equal(0.5, At(Activation.Elu(0.5), 0));          // ELU'(0) = α, the z ≤ 0 side (autograd's elu_backward)
        Assert.Equal(0.2, At(Activation.LeakyRelu(0.2), 0));    // leaky ReLU'(0) = the slope
        Assert.Equal(0.5, At(Activation.Gelu, 0));              // Φ(0) + 0·φ(0)
        Assert.Equal(1, At(Activation.Softplus(), 1000));       // past the threshold: softplus = z, no e^1000
        Assert.Equal(1000, Activation.Softplus().Apply(tensor(new[] { 1000.0 }))[0].item<double>());
        Assert.Equal(0, Activation.Softplus().Apply(tensor(new[] { -1000.0 }))[0].item<double>());
        Assert.Equal(1, At(Activation.Gelu, 1000));
        Assert.Equal(0, At(Activation.Gelu, -1000));
    }
}

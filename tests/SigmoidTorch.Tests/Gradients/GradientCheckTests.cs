using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Models;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Gradients;

/// <summary>
/// What GradCheck's comparison calls rounding, and when it excuses the finite differences: never for a gradient that
/// disagrees with autograd.
/// </summary>
public class GradientCheckTests
{
    /// <summary>
    /// Issue 18, item 9: through nine one-unit sigmoid layers the first layers' gradients fall to 1e-12 of the loss and
    /// below. Manual and autograd agree on them to rounding; central differences at h = 1e-5 measure only their own
    /// noise there (about 2e-11 of the loss), so those rows pass against autograd alone, and only those.
    /// </summary>
    [Fact]
    public void ADeepChainPassesAgainstAutogradWhereFiniteDifferencesCannotResolveTheGradient()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var net = ModelSpec.Deep([3, 1, 1, 1, 1, 1, 1, 1, 1, 2], Activation.Sigmoid).Build();
        var x = rand(4, 3, dtype: ScalarType.Float64).Times(4).Minus(2);
        var y = rand(4, 2, dtype: ScalarType.Float64);
        var checks = GradientCheck.Compare(net, x, y, Loss.MeanSquared);

        Assert.All(checks, c => Assert.True(c.AgreesWithAutograd && c.WithinRounding, $"{c.Name}: {c.MaxAbsError:E2} against a floor of {c.RoundingFloor:E2}"));
        var excused = checks.Where(c => !c.AgreesWithFiniteDifferences).ToList();
        Assert.NotEmpty(excused);
        Assert.All(excused, c => Assert.False(c.FiniteDifferencesResolve, $"{c.Name}: fd rel error {c.FiniteDifferenceRelError:E2} on a gradient they resolve"));
        Assert.All(checks, c => Assert.True(c.Pass));
        Assert.Equal(excused.Select(c => c.Name), checks.Where(c => c.PassAgainstAutogradOnly).Select(c => c.Name));
        Assert.Contains(checks, c => c.FiniteDifferencesResolve && c.AgreesWithFiniteDifferences);   // the last layers are checked by both
    }

    /// <summary>A row passes only where manual equals autograd; the finite differences are excused only where they cannot resolve the gradient.</summary>
    [Theory]
    [InlineData(true, true, true, true)]
    [InlineData(true, true, false, true)]
    [InlineData(true, false, true, false)]      // finite differences that resolve the gradient and disagree: FAIL
    [InlineData(true, false, false, true)]      // PASS (autograd; fd cannot resolve)
    [InlineData(false, true, true, false)]
    [InlineData(false, true, false, false)]
    [InlineData(false, false, true, false)]
    [InlineData(false, false, false, false)]    // manual ≠ autograd FAILs, whatever the finite differences can do
    public void ARowPassesOnlyWhereManualEqualsAutograd(bool autograd, bool fd, bool fdResolves, bool pass)
    {
        var check = new ParameterCheck("w", [1], 0, 0, 0, 0, 0, autograd, fd, fdResolves);
        Assert.Equal(pass, check.Pass);
        Assert.Equal(pass && !fd, check.PassAgainstAutogradOnly);
    }

    /// <summary>
    /// Central differences at h = 1e-5 carry noise of about ε·|L|/h = 2.2e-11·|L|: against a normwise tolerance of
    /// 1e-6 they resolve a gradient down to 4 times that over the tolerance, 8.9e-5 of the loss.
    /// </summary>
    [Theory]
    [InlineData(1e-4, 1.0, true)]
    [InlineData(8e-5, 1.0, false)]
    [InlineData(1e-6, 0.01, true)]
    [InlineData(1e-6, 0.1, false)]
    [InlineData(0.0, 0.0, true)]                // a loss of 0 leaves no noise: a zero gradient is resolved
    public void FiniteDifferencesResolveGradientsAboveTheirNoise(double largest, double loss, bool resolves) =>
        Assert.Equal(resolves, GradientCheck.FiniteDifferencesResolve(largest, loss, Tolerance.Float64.FiniteDifference));

    /// <summary>The rounding floor is 32 epsilons of the gradient's largest entry, epsilon the dtype's own.</summary>
    [Fact]
    public void TheRoundingFloorIsThirtyTwoEpsilonsOfTheLargestEntry()
    {
        Assert.Equal(Math.Pow(2, -52), Tolerance.Float64.Epsilon);
        Assert.Equal(Math.Pow(2, -23), Tolerance.Float32.Epsilon);
        Assert.Equal(32 * Math.Pow(2, -52) * 0.5, Tolerance.Float64.RoundingFloor(-0.5));
    }

    /// <summary>
    /// GradCheck's defaults, the two-layer network in float64: manual and autograd differ by rounding only (the last
    /// digits of the difference vary by CPU, which is why GradCheck prints the word), and an entry whose difference is
    /// within the floor has no relative error.
    /// </summary>
    [Fact]
    public void TheTwoLayerNetworkAgreesWithAutogradToRounding()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var net = ModelSpec.Network(2, 5, 1, Activation.Sigmoid).Build();
        var x = rand(4, 2, dtype: ScalarType.Float64).Times(4).Minus(2);
        var y = rand(4, 1, dtype: ScalarType.Float64);
        Assert.All(GradientCheck.Compare(net, x, y, Loss.MeanSquared), c =>
        {
            Assert.True(c.WithinRounding, $"{c.Name}: {c.MaxAbsError:E2} against a floor of {c.RoundingFloor:E2}");
            Assert.Equal(0, c.MaxRelErrorBeyondRounding);
            Assert.True(c.Pass && c.FiniteDifferencesResolve && c.AgreesWithFiniteDifferences);
        });
    }
}

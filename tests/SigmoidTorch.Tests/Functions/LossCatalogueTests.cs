using SigmoidTorch.Functions;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Functions;

public class LossCatalogueTests
{
    /// <summary>The scale the fused and stacked steps use agrees with each loss's readable value and gradient.</summary>
    [Theory]
    [InlineData("mse")]
    [InlineData("sse")]
    [InlineData("half-sse")]
    [InlineData("quadratic")]
    public void SquaredErrorScaleMatchesValueAndGradient(string name)
    {
        using var scope = NewDisposeScope();
        var loss = Loss.Parse(name);
        using var gen = new TorchSharp.torch.Generator(5);
        var yhat = rand(new long[] { 7, 3 }, dtype: ScalarType.Float64, generator: gen);
        var y = rand(new long[] { 7, 3 }, dtype: ScalarType.Float64, generator: gen);
        double s = loss.SquaredErrorScale(yhat.shape[0], yhat.shape[1]);
        double sumSquares = (yhat - y).Squared().sum().item<double>();
        Assert.Equal(s * sumSquares, loss.Value(yhat, y).item<double>(), 14);
        Assert.True((loss.Gradient(yhat, y) - (yhat - y).Times(2 * s)).abs().max().item<double>() < 1e-15);
    }

    [Fact]
    public void UnknownNamesAreRefusedWithTheChoices()
    {
        var e = Assert.Throws<SigmoidTorchException>(() => Loss.Parse("cross-entropy"));
        Assert.Contains("mse, sse, half-sse", e.Message);
    }
}

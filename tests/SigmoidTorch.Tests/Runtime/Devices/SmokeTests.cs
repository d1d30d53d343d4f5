using SigmoidTorch.Devices;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Runtime.Devices;

public class SmokeTests
{
    [Fact]
    public void LinearAndSigmoidRunOnCpu()
    {
        TorchRuntime.EnsureLoaded();   // a libtorch that does not load fails here with the one line that says why
        using var linear = nn.Linear(2, 1, dtype: ScalarType.Float64);
        using (no_grad())
        {
            linear.weight!.copy_(tensor(new double[,] { { 1.0, -2.0 } }));
            using (var half = 0.5.ToScalar()) linear.bias!.fill_(half);
        }
        using var y = linear.forward(tensor(new double[,] { { 3.0, 1.0 } })).sigmoid();
        Assert.Equal(1 / (1 + Math.Exp(-1.5)), y.item<double>(), 15);
    }
}

using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Models;

public class ModelTests
{
    [Fact]
    public void TheNeuronIsALinearLayerAndASigmoid()
    {
        using var scope = NewDisposeScope();
        using var neuron = new SigmoidNeuron(2);
        Assert.Equal(new[] { "linear.weight", "linear.bias" }, neuron.named_parameters().Select(p => p.name));
        neuron.SetParameters(new Dictionary<string, Tensor> { ["linear.weight"] = tensor(new double[,] { { 0.5, -1 } }), ["linear.bias"] = tensor(new[] { 0.25 }) });
        var y = neuron.forward(tensor(new double[,] { { 2, 3 }, { -1, 0 } }));
        Assert.Equal(1 / (1 + Math.Exp(-(1 - 3 + 0.25))), y[0, 0].item<double>(), 15);
        Assert.Equal(1 / (1 + Math.Exp(-(-0.5 + 0.25))), y[1, 0].item<double>(), 15);
    }

    [Theory]
    [InlineData("sigmoid", "same")]
    [InlineData("tanh", "identity")]
    [InlineData("relu", "same")]
    public void TheNetworkIsLinearActivationLinear(string activation, string output)
    {
        using var scope = NewDisposeScope();
        var f = Activation.Parse(activation);
        var g = output == "same" ? f : Activation.Identity;
        using var net = new TwoLayerNetwork(3, 4, 2, f, g);
        Assert.Equal(new[] { "hidden.weight", "hidden.bias", "output.weight", "output.bias" }, net.named_parameters().Select(p => p.name));
        var x = rand(5, 3, dtype: ScalarType.Float64);
        var expected = g.Apply(f.Apply(x.mm(net.W1.t()).Plus(net.B1!)).mm(net.W2.t()).Plus(net.B2!));
        Assert.True(net.forward(x).allclose(expected, rtol: 1e-14, atol: 1e-15));
    }

    [Fact]
    public void BiasFlagsRemoveTheBiasParameters()
    {
        using var net = new TwoLayerNetwork(1, 5, 1, Activation.Sigmoid, hiddenBias: true, outputBias: false);
        Assert.Equal(new[] { "hidden.weight", "hidden.bias", "output.weight" }, net.named_parameters().Select(p => p.name));
        using var neuron = new SigmoidNeuron(2, bias: false);
        Assert.Equal(new[] { "linear.weight" }, neuron.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void ModelsMoveBetweenDtypesAndRoundTripTheirStateDict()
    {
        using var scope = NewDisposeScope();
        using var net = new TwoLayerNetwork(2, 3, 1, Activation.Tanh);
        var x = rand(4, 2, dtype: ScalarType.Float64);
        var before = net.forward(x);
        net.to(ScalarType.Float32);
        Assert.All(net.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.True(net.forward(x.to(ScalarType.Float32)).to(ScalarType.Float64).allclose(before, rtol: 1e-5, atol: 1e-6));
        net.to(ScalarType.Float64);

        string path = Path.Combine(Path.GetTempPath(), $"sigmoidtorch-state-{Guid.NewGuid():N}.bin");
        try
        {
            net.save(path);
            using var other = new TwoLayerNetwork(2, 3, 1, Activation.Tanh);
            Assert.False(other.forward(x).allclose(before));
            other.load(path);
            Assert.True(other.forward(x).eq(net.forward(x)).all().item<bool>());
            Assert.Equal(net.state_dict().Keys, other.state_dict().Keys);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BadSpecsAreRefusedWithTheValues()
    {
        Assert.Contains("hidden=0", Assert.Throws<SigmoidTorchException>(() => new TwoLayerNetwork(1, 0, 1, Activation.Sigmoid)).Message);
        Assert.Contains("inputs=0", Assert.Throws<SigmoidTorchException>(() => new SigmoidNeuron(0)).Message);
        Assert.Contains("softmax", Assert.Throws<SigmoidTorchException>(() => new TwoLayerNetwork(2, 3, 2, Activation.Sigmoid, Activation.Softmax)).Message);
        Assert.Contains("swish", Assert.Throws<SigmoidTorchException>(() => Activation.Parse("swish")).Message);
    }
}

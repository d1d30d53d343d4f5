using System.Text.Json;
using SigmoidTorch.Articles;
using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Articles.Seed002Digits;

/// <summary>network.py's weight layout: a network's weights go out and come back bit for bit; files that do not fit are refused with one line.</summary>
public class NetworkPyWeightsTests
{
    private static readonly ModelSpec Digits = ModelSpec.Deep([64, 30, 10], Activation.Sigmoid);

    private static string Json(int[] sizes)
    {
        var spec = ModelSpec.Deep(sizes, Activation.Sigmoid);
        using var net = (DeepNetwork)spec.Build();
        net.SetParameters(DigitClassifier.InitialWeights(spec, 1));
        var (weights, biases) = NetworkPyWeights.Export(net);
        return JsonSerializer.Serialize(new { weights, biases });
    }

    [Fact]
    public void WeightsGoOutAndComeBackBitForBit()
    {
        using var scope = NewDisposeScope();
        using var net = (DeepNetwork)Digits.Build();
        net.SetParameters(DigitClassifier.InitialWeights(Digits, 2));
        var (weights, biases) = NetworkPyWeights.Export(net);
        Assert.Equal((30, 64, 10, 30), (weights[0].Length, weights[0][0].Length, weights[1].Length, weights[1][0].Length));
        Assert.Equal((30, 1), (biases[0].Length, biases[0][0].Length));
        var back = NetworkPyWeights.Parse(JsonSerializer.Serialize(new { weights, biases }), Digits, "test", ScalarType.Float64, CPU);
        foreach (var (name, p) in net.named_parameters())
            Assert.True(back[name].eq(p).all().item<bool>(), name);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "another depth", Json([64, 30, 30, 10]), "has 3 matrices in \"weights\", but deep[64→30→10, sigmoid/sigmoid, bias on/on] has 2 layer(s)" },
        { "another hidden size", Json([64, 20, 10]), "weights[0] has shape [20, 64], but deep[64→30→10, sigmoid/sigmoid, bias on/on] needs [30, 64] there" },
        { "biases as rows", """{"weights": [], "biases": []}""".Replace("[]", "[[1]]", StringComparison.Ordinal), "has 1 matrices in \"weights\"" },
        { "no biases", """{"weights": [[[1]], [[1]]]}""", "has no \"biases\"" },
        { "another array", """{"weights": [], "biases": [], "Wh": [[1, 2]]}""", "unexpected array(s) 'Wh'" },
        { "a list", "[1, 2]", "must hold a JSON object" },
        { "text among the numbers", """{"weights": [[["one"]]], "biases": []}""", "weights[0] must hold numbers only" },
        { "weights not a list", """{"weights": 3, "biases": []}""", "\"weights\" must be a list of one matrix per layer" },
        { "not JSON", "{\"weights\": [", "is not valid JSON" },
    };

    [Theory, MemberData(nameof(BadFiles))]
    public void FilesThatDoNotFitAreRefusedWithOneLine(string what, string json, string says)
    {
        var e = Assert.Throws<SigmoidTorchException>(() => NetworkPyWeights.Parse(json, Digits, "weights file 'w.json'", ScalarType.Float64, CPU));
        Assert.DoesNotContain('\n', e.Message);
        Assert.True(e.Message.StartsWith("weights file 'w.json'", StringComparison.Ordinal) && e.Message.Contains(says, StringComparison.Ordinal), $"{what}: {e.Message}");
    }

    [Fact]
    public void ALayerWithoutABiasDoesNotFitTheLayout()
    {
        var e = Assert.Throws<SigmoidTorchException>(() => NetworkPyWeights.Parse(Json([64, 30, 10]), ModelSpec.Deep([64, 30, 10], Activation.Sigmoid, null, outputBias: false), "w", ScalarType.Float64, CPU));
        Assert.Contains("gives every layer a bias", e.Message, StringComparison.Ordinal);
    }
}

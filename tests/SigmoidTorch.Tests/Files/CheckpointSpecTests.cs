using System.Text.Json.Nodes;
using SigmoidTorch.Data;
using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Files;

/// <summary>
/// A checkpoint's spec, kind by kind: each kind of <see cref="ModelSpec"/> comes back as the same kind with the same
/// fields, and a neuron's spec that says what a sigmoid neuron cannot have (another activation, more outputs, a second
/// bias) is refused with one line naming it — the types cannot hold such a neuron, so the file's reader says so.
/// </summary>
public sealed class CheckpointSpecTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sigmoidtorch-checkpoint-spec-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    public static TheoryData<string> Kinds => new() { "neuron", "neuron-no-bias", "mlp", "deep", "mlp-softplus", "deep-leaky-relu", "deep-elu" };

    private static ModelSpec Spec(string kind) => kind switch
    {
        "neuron" => ModelSpec.Neuron(3),
        "neuron-no-bias" => ModelSpec.Neuron(2, bias: false),
        "mlp" => ModelSpec.Network(2, 4, 3, Activation.Tanh, Activation.Identity, hiddenBias: true, outputBias: false),
        // Activations with numbers: their names carry them (softplus(2,10), leaky-relu(0.2), elu(0.5)) and read back as the same function.
        "mlp-softplus" => ModelSpec.Network(2, 4, 1, Activation.Softplus(2, 10), Activation.Identity, hiddenBias: true, outputBias: true),
        "deep-leaky-relu" => ModelSpec.Deep([3, 4, 2], Activation.LeakyRelu(0.2), Activation.Sigmoid),
        "deep-elu" => ModelSpec.Deep([3, 4, 4, 2], Activation.Elu(0.5), Activation.Gelu),
        _ => ModelSpec.Deep([3, 4, 4, 2], Activation.Relu, Activation.Softmax),
    };

    [Theory, MemberData(nameof(Kinds))]
    public void EachKindComesBackAsItself(string kind)
    {
        using var scope = NewDisposeScope();
        var spec = Spec(kind);
        string path = Path.Combine(dir, "model.ckpt");
        Checkpoint.Save(path, spec.Build());
        var loaded = Checkpoint.Load(path, expected: spec).Model.Spec;
        Assert.Equal(spec.GetType(), loaded.GetType());
        Assert.Equal(spec, loaded);
        Assert.Equal(spec.ToString(), loaded.ToString());
    }

    [Theory]
    [InlineData("activation", "tanh", "a sigmoid neuron's activation is the sigmoid, got tanh/sigmoid")]
    [InlineData("outputs", 2, "a sigmoid neuron has exactly one output, got outputs=2")]
    [InlineData("output_bias", true, "a neuron has one bias, written as hidden_bias: output_bias must be false")]
    [InlineData("hidden", 3, "a neuron has no hidden layer, got hidden=3")]
    public void ANeuronsSpecSaysOnlyWhatANeuronHas(string field, object value, string message)
    {
        using var scope = NewDisposeScope();
        string path = Path.Combine(dir, "neuron.ckpt");
        Checkpoint.Save(path, ModelSpec.Neuron(3).Build());
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        root["spec"]![field] = JsonValue.Create(value);
        File.WriteAllText(path, root.ToJsonString());
        var e = Assert.Throws<SigmoidTorchException>(() => Checkpoint.Load(path));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }
}

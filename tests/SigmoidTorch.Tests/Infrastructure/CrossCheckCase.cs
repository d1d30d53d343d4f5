using SigmoidTorch.Devices;
using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>One configuration of the cross-check matrix, built reproducibly: model, data, loss.</summary>
public sealed record CrossCheckCase(string Model, string Activation, string OutputActivation, string Loss, string Bias, int Batch, string DType, string Device)
{
    public ScalarType ScalarType => DType == "float64" ? ScalarType.Float64 : ScalarType.Float32;

    public Loss LossFunction => Functions.Loss.Parse(Loss);

    public ModelSpec Spec => Model == "neuron"
        ? ModelSpec.Neuron(3, Bias != "none")
        : ModelSpec.Network(3, 4, 2, Functions.Activation.Parse(Activation),
            OutputActivation == "same" ? null : Functions.Activation.Parse(OutputActivation),
            hiddenBias: Bias != "none", outputBias: Bias == "both");

    /// <summary>
    /// A fresh model (weights uniform in ±0.6 from a seeded generator) and a batch of data in the targets' natural range. The first seed from
    /// <paramref name="seed"/> on whose batch some gradient is non-zero is taken, so that no check passes on a
    /// network whose ReLUs are all dead (where every gradient is trivially zero).
    /// </summary>
    public (BackpropModel Model, Tensor X, Tensor Y) Build(long seed = 7)
    {
        var device = DeviceSelector.Resolve(Device);
        for (long s = seed; ; s++)
        {
            // Every random number comes from this test's own generator: tests run in parallel, the global one is shared.
            using var gen = new torch.Generator((ulong)s);
            var model = Spec.Build(ScalarType, device);
            model.SetParameters(model.named_parameters().ToDictionary(
                p => p.name, p => (rand(p.parameter.shape, dtype: ScalarType.Float64, generator: gen) * 1.2 - 0.6).to(ScalarType, device)));
            var x = (rand(new long[] { Batch, Spec.Inputs }, dtype: ScalarType.Float64, generator: gen) * 4 - 2).to(ScalarType, device);
            var y = rand(new long[] { Batch, Spec.Outputs }, dtype: ScalarType.Float64, generator: gen).to(ScalarType, device);
            if (Gradients.GradientCheck.Autograd(model, x, y, LossFunction).Any(g => g.Gradient.abs().max().ToDouble() > 0))
                return (model, x, y);
            if (s > seed + 100) throw new InvalidOperationException($"{this}: no seed gives a non-zero gradient");
        }
    }

    public override string ToString() => $"{Spec} {Loss} batch={Batch} {DType} {Device}";

    /// <summary>The case as the arguments of a cross-check theory (model, activation, output, loss, bias, batch, dtype, device).</summary>
    public object[] Row() => [Model, Activation, OutputActivation, Loss, Bias, Batch, DType, Device];

    /// <summary>Every configuration of the matrix for one device name.</summary>
    public static IEnumerable<CrossCheckCase> All(string device, bool float64Only = false)
    {
        string[] dtypes = float64Only ? new[] { "float64" } : new[] { "float64", "float32" };
        foreach (var dtype in dtypes)
            foreach (var loss in Functions.Loss.All)
                foreach (var batch in new[] { 1, 4, 7 })
                {
                    foreach (var bias in new[] { "both", "none" })
                        yield return new CrossCheckCase("neuron", "sigmoid", "sigmoid", loss.Name, bias, batch, dtype, device);
                    foreach (var activation in new[] { "sigmoid", "tanh", "relu" })
                        foreach (var output in new[] { "same", "identity" })
                            foreach (var bias in new[] { "both", "none", "hidden" })
                                yield return new CrossCheckCase("mlp", activation, output, loss.Name, bias, batch, dtype, device);
                }
    }
}

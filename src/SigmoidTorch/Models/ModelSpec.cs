using SigmoidTorch.Functions;
using SigmoidTorch.Limits;
using static TorchSharp.torch;

namespace SigmoidTorch.Models;

/// <summary>
/// Everything needed to rebuild a model: its kind and sizes, activations and bias flags.
/// Checkpoints store it beside the weights; command lines build it from flags.
/// </summary>
/// <param name="Kind"><c>neuron</c> (<see cref="SigmoidNeuron"/>) or <c>mlp</c> (<see cref="TwoLayerNetwork"/>).</param>
/// <param name="Inputs">Number of input features.</param>
/// <param name="Hidden">Hidden units (mlp only; 0 for a neuron).</param>
/// <param name="Outputs">Number of outputs (1 for a neuron).</param>
/// <param name="Activation">Hidden activation name (mlp) or "sigmoid" (neuron).</param>
/// <param name="OutputActivation">Output activation name; for a neuron "sigmoid".</param>
/// <param name="HiddenBias">Whether the first Linear has a bias (the neuron's only Linear for a neuron).</param>
/// <param name="OutputBias">Whether the second Linear has a bias (mlp only).</param>
public sealed record ModelSpec(string Kind, int Inputs, int Hidden, int Outputs, string Activation, string OutputActivation, bool HiddenBias, bool OutputBias)
{
    /// <summary>The spec of a sigmoid neuron with <paramref name="inputs"/> inputs.</summary>
    public static ModelSpec Neuron(int inputs, bool bias = true) =>
        new("neuron", inputs, 0, 1, "sigmoid", "sigmoid", bias, false);

    /// <summary>The spec of a Linear–activation–Linear network.</summary>
    public static ModelSpec Network(int inputs, int hidden, int outputs, Activation activation, Activation? outputActivation = null,
                                    bool hiddenBias = true, bool outputBias = true) =>
        new("mlp", inputs, hidden, outputs, activation.Name, (outputActivation ?? activation).Name, hiddenBias, outputBias);

    /// <summary>The number of weights and biases (for sizes beyond <see cref="long"/>, <see cref="long.MaxValue"/>).</summary>
    public long ParameterCount
    {
        get
        {
            Int128 count = Kind == "neuron"
                ? (Int128)Inputs + (HiddenBias ? 1 : 0)
                : (Int128)Inputs * Hidden + (HiddenBias ? Hidden : 0) + (Int128)Hidden * Outputs + (OutputBias ? Outputs : 0);
            return count > long.MaxValue ? long.MaxValue : (long)count;
        }
    }

    /// <summary>
    /// Checks the spec and throws a one-line <see cref="SigmoidTorchException"/> naming what is wrong, or a
    /// <see cref="ResourceLimitException"/> when it has more than <see cref="RunLimits.MaxParameters"/> parameters or
    /// more than the machine's memory can hold.
    /// </summary>
    public void Validate()
    {
        if (Kind is not ("neuron" or "mlp"))
            throw new SigmoidTorchException($"unknown model kind '{Kind}': expected neuron or mlp");
        if (Inputs <= 0) throw new SigmoidTorchException($"a model needs at least one input, got inputs={Inputs}");
        if (Outputs <= 0) throw new SigmoidTorchException($"a model needs at least one output, got outputs={Outputs}");
        if (Kind == "mlp" && Hidden <= 0) throw new SigmoidTorchException($"a network needs at least one hidden unit, got hidden={Hidden}");
        if (Kind == "neuron" && Outputs != 1) throw new SigmoidTorchException($"a sigmoid neuron has exactly one output, got outputs={Outputs}");
        Functions.Activation.Parse(Activation);
        Functions.Activation.Parse(OutputActivation);
        RunLimits.RequireAtMost($"{this}: the number of parameters", ParameterCount, RunLimits.MaxParameters);
        RunLimits.RequireMemory(8.0 * 8 * ParameterCount, $"{this}");
    }

    /// <summary>Builds a freshly initialised model of this spec (TorchSharp's default Linear initialisation).</summary>
    public BackpropModel Build(ScalarType dtype = ScalarType.Float64, Device? device = null)
    {
        Validate();
        BackpropModel model = Kind == "neuron"
            ? new SigmoidNeuron(Inputs, HiddenBias, dtype, device)
            : new TwoLayerNetwork(Inputs, Hidden, Outputs, Functions.Activation.Parse(Activation),
                                  Functions.Activation.Parse(OutputActivation), HiddenBias, OutputBias, dtype, device);
        return model;
    }

    /// <inheritdoc />
    public override string ToString() => Kind == "neuron"
        ? $"neuron[{Inputs}→1, sigmoid, bias {(HiddenBias ? "on" : "off")}]"
        : $"mlp[{Inputs}→{Hidden}→{Outputs}, {Activation}/{OutputActivation}, bias {(HiddenBias ? "on" : "off")}/{(OutputBias ? "on" : "off")}]";
}

using SigmoidTorch.Functions;
using static TorchSharp.torch;

namespace SigmoidTorch.Models;

/// <summary>
/// A model of this library: a real <see cref="nn.Module{T, TResult}"/> (registered parameters, forward,
/// <c>.to(device)</c>, <c>.to(dtype)</c>, state_dict) whose gradients can also be written by hand.
/// </summary>
public abstract class BackpropModel : nn.Module<Tensor, Tensor>
{
    /// <summary>
    /// Creates the module with a name. (A program that calls <c>TorchRuntime.EnsureLoaded</c> of SigmoidTorch.Runtime
    /// first gets a libtorch that cannot load explained in one line, and an installed libtorch loaded.)
    /// </summary>
    protected BackpropModel(string name) : base(name) { }

    /// <summary>What the model is, enough to rebuild it.</summary>
    public abstract ModelSpec Spec { get; }

    /// <summary>g, the activation of the last layer: Ŷ = g(Z).</summary>
    public abstract Activation OutputActivation { get; }

    /// <summary>Z, the last layer's values before its activation (the logits), shape [N, outputs].</summary>
    public abstract Tensor Logits(Tensor x);

    /// <summary>Ŷ = g(Z), shape [N, outputs].</summary>
    public override Tensor forward(Tensor x) => OutputActivation.Apply(Logits(x));

    /// <summary>
    /// L of the model's output on the batch (<paramref name="x"/>, <paramref name="y"/>), from the logits or from Ŷ as
    /// <paramref name="loss"/> takes it; autograd can run through it.
    /// </summary>
    public Tensor LossOn(Loss loss, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var z = Logits(x);
        return loss.Value(z, OutputActivation.Apply(z), y);
    }

    /// <summary>The dtype of the parameters.</summary>
    public ScalarType DType => parameters().First().dtype;

    /// <summary>The device of the parameters.</summary>
    public Device Device => parameters().First().device;

    /// <summary>The state_dict name of <paramref name="parameter"/>, one of this model's parameters.</summary>
    public string NameOf(Tensor parameter) =>
        named_parameters().FirstOrDefault(p => p.parameter.Handle == parameter.Handle).name
        ?? throw new ArgumentException("not a parameter of this model", nameof(parameter));

    /// <summary>
    /// Copies the given tensors into the parameters of the same names (every parameter needs one, shapes must match).
    /// Everything is checked before anything is copied: on an error the parameters are unchanged.
    /// </summary>
    public void SetParameters(IReadOnlyDictionary<string, Tensor> values)
    {
        CheckParameters(values);
        var own = named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
            foreach (var (name, value) in values)
                own[name].copy_(value);
    }

    /// <summary>
    /// Checks that <paramref name="values"/> holds a value for every parameter of this model, by state_dict name, of
    /// its shape, and nothing else; throws a one-line <see cref="SigmoidTorchException"/> naming the first mismatch.
    /// </summary>
    public void CheckParameters(IReadOnlyDictionary<string, Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var own = named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, value) in values)
        {
            if (!own.TryGetValue(name, out var parameter))
                throw new SigmoidTorchException($"{Spec} has no parameter '{name}': it has {string.Join(", ", own.Keys)}");
            if (!parameter.shape.SequenceEqual(value.shape))
                throw new SigmoidTorchException($"parameter '{name}' of {Spec} has shape [{string.Join(", ", parameter.shape)}], the value given has [{string.Join(", ", value.shape)}]");
        }
        foreach (var name in own.Keys.Where(n => !values.ContainsKey(n)))
            throw new SigmoidTorchException($"no value given for parameter '{name}' of {Spec}");
    }

    /// <summary>Checks that <paramref name="x"/> can be fed to this model; throws a one-line error naming the mismatch.</summary>
    public void CheckInput(Tensor x)
    {
        if (x.dim() != 2 || x.shape[1] != Spec.Inputs)
            throw new SigmoidTorchException($"input has shape [{string.Join(", ", x.shape)}] but {Spec} takes [N, {Spec.Inputs}]");
        if (x.dtype != DType)
            throw new SigmoidTorchException($"input dtype {x.dtype} does not match the model's {DType} (convert the data with Dataset.To, or build the model in {x.dtype})");
        if (x.device.ToString() != Device.ToString())
            throw new SigmoidTorchException($"input is on {x.device} but the model is on {Device} (move the data with Dataset.To, or the model with .to)");
    }
}

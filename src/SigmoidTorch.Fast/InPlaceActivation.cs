using SigmoidTorch.Functions;
using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Fast;

/// <summary>
/// An activation of the catalogue (<see cref="Activation"/>) applied in place, and its derivative from the output
/// multiplied in place, for the fused step and the sweep: the articles' three and the identity, whose f' is written
/// from the output. The activations beyond the articles (GELU, SiLU, …) have none, and train with the readable step.
/// Looked up once per activation instance.
/// </summary>
internal sealed class InPlaceActivation
{
    private static readonly Dictionary<Activation, InPlaceActivation> Forms = new()
    {
        [Activation.Sigmoid] = new(a => a.sigmoid_(), (d, a) => d.mul_(a).addcmul_(d, a, Numbers.MinusOne),   // d·a − d·a·a = d·a(1−a)
                                   a => a.addcmul_(a, a, Numbers.MinusOne)),                                  // a − a² = a(1−a)
        [Activation.Tanh] = new(a => a.tanh_(), (d, a) => d.addcmul_(d, a.mul_(a), Numbers.MinusOne),          // d − d·a² = d·(1−a²)
                                a => a.mul_(a).sub_(Numbers.One).neg_()),                                      // −(a² − 1) = 1 − a²
        [Activation.Relu] = new(a => a.relu_(), (d, a) => d.mul_(a.sign_()),                           // d·[a > 0]  (a ≥ 0)
                                a => a.sign_()),                                                       // [a > 0]
        [Activation.Identity] = new(_ => { }, (_, _) => { }, a => a.fill_(Numbers.One)),                         // f(z) = z, f' = 1
    };

    // Made once, when a step first runs: every conversion of a number to a Scalar is a native allocation, and the first
    // loads libtorch, which asking whether an activation has an in-place form (Has, while flags are parsed) must not.
    private static class Numbers
    {
        public static readonly Scalar MinusOne = (-1.0).ToScalar();
        public static readonly Scalar One = 1.0.ToScalar();
    }

    private readonly Action<Tensor> apply;
    private readonly Action<Tensor, Tensor> timesDerivative;
    private readonly Action<Tensor> toDerivative;

    private InPlaceActivation(Action<Tensor> apply, Action<Tensor, Tensor> timesDerivative, Action<Tensor> toDerivative) =>
        (this.apply, this.timesDerivative, this.toDerivative) = (apply, timesDerivative, toDerivative);

    /// <summary>Whether <paramref name="f"/> has an in-place form (sigmoid, tanh, ReLU, identity).</summary>
    public static bool Has(Activation f) => Forms.ContainsKey(f);

    /// <summary>The in-place form of <paramref name="f"/>, one of the catalogue's activations.</summary>
    public static InPlaceActivation For(Activation f) =>
        Forms.TryGetValue(f, out var form) ? form : throw new NotSupportedException($"no in-place form of {f.Name}");

    /// <summary>a ← f(a).</summary>
    public void Apply(Tensor a) => apply(a);

    /// <summary>d ← d ⊙ f'(a), f' written from the output a as in <see cref="Activation"/>; a may be overwritten.</summary>
    public void TimesDerivative(Tensor d, Tensor a) => timesDerivative(d, a);

    /// <summary>a ← f'(a), the derivative from the output a as in <see cref="Activation"/>.</summary>
    public void ToDerivative(Tensor a) => toDerivative(a);
}

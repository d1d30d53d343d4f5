using SigmoidTorch.Functions;
using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// Gradient descent as <c>torch.optim.SGD</c> computes it (no dampening): plain (μ = 0), with momentum, or Nesterov's.
/// <para>
/// Momentum in libtorch's form keeps a velocity of gradients, v ← μ·v + g, and steps θ ← θ − η·v (the first step
/// starts v at g). Sutskever et al. (2013) write it with the learning rate inside the velocity, v ← μ·v − η·g,
/// θ ← θ + v: for a constant η the two walk the same path (libtorch's v is Sutskever's −v/η), but when η changes
/// during the run libtorch's form applies the new η to the whole velocity at once, Sutskever's only to new gradients.
/// Nesterov's form, also libtorch's: v ← μ·v + g, then θ ← θ − η·(g + μ·v), the gradient looked at "ahead".
/// </para>
/// <para>
/// The step θ ← θ − η·d is the articles' <c>θ.sub_(η·d)</c> for every form, so the plain one is bit for bit the
/// readable step of before; <c>SGD.step()</c> writes it <c>θ.add_(d, alpha: −η)</c>, which libtorch may compute with
/// a fused multiply-add: the two can differ in the last bit of θ (the tests measure it).
/// </para>
/// </summary>
public sealed class GradientDescent : Optimizer
{
    /// <summary>Creates the optimizer <paramref name="name"/> with momentum μ = <paramref name="momentum"/> (0: none), Nesterov's form or not, and L2 weight decay λ.</summary>
    internal GradientDescent(string name, double momentum, bool nesterov, double weightDecay) : base(name, weightDecay) =>
        (Momentum, IsNesterov) = (momentum, nesterov);

    /// <summary>μ, in [0, 1); 0 is plain gradient descent.</summary>
    public double Momentum { get; }

    /// <summary>Whether the step looks ahead, θ ← θ − η·(g + μ·v).</summary>
    public bool IsNesterov { get; }

    /// <inheritdoc />
    public override OptimizerState Start(Tensor theta) => new State(this);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        CheckFraction("momentum", Momentum);
    }

    private sealed class State(GradientDescent sgd) : OptimizerState
    {
        private Tensor? v;                                                 // the velocity, made at the first step

        public override void Update(Tensor theta, Tensor grad, double learningRate)
        {
            var g = WithWeightDecay(grad, theta, sgd.WeightDecay);        // g ← ∂L/∂θ + λ·θ
            var d = g;
            if (sgd.Momentum != 0)
            {
                using var mu = sgd.Momentum.ToScalar();
                using var one = 1.ToScalar();
                if (v is null)
                    v = g.clone().detach().DetachFromDisposeScope();        // v ← g          (first step)
                else
                    v.mul_(mu).add_(g, one);                               // v ← μ·v + g
                d = sgd.IsNesterov ? g.add(v, mu) : v;                     // d ← g + μ·v (Nesterov) or v
            }
            theta.sub_(d.Times(learningRate));                             // θ ← θ − η·d
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) v?.Dispose();
            base.Dispose(disposing);
        }
    }
}

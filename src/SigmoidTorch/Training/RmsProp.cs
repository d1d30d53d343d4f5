using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// RMSProp as <c>torch.optim.RMSProp</c> computes it without momentum and not centred: a running mean of squared
/// gradients s ← α·s + (1 − α)·g², then θ ← θ − η·g / (√s + ε); libtorch's defaults α = 0.99, ε = 1e-8, s starting at 0.
/// Each line is the library's operation in the library's order, so the result is the same bit for bit.
/// </summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates RMSProp with smoothing α = <paramref name="alpha"/>, ε = <paramref name="eps"/> and L2 weight decay λ.</summary>
    internal RmsProp(double alpha, double eps, double weightDecay) : base("rmsprop", weightDecay) => (Alpha, Eps) = (alpha, eps);

    /// <summary>α, the smoothing of the mean square, in [0, 1).</summary>
    public double Alpha { get; }

    /// <summary>ε, added to √s so the step never divides by 0; above 0.</summary>
    public double Eps { get; }

    /// <inheritdoc />
    public override OptimizerState Start(Tensor theta) => new State(this, theta);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        CheckFraction("alpha", Alpha);
        CheckEpsilon(Eps);
    }

    private sealed class State(RmsProp rms, Tensor theta) : OptimizerState
    {
        private readonly Tensor s = zeros_like(theta).DetachFromDisposeScope();   // s ← 0

        public override void Update(Tensor theta, Tensor grad, double learningRate)
        {
            using var alpha = rms.Alpha.ToScalar();
            using var oneMinusAlpha = (1 - rms.Alpha).ToScalar();
            using var eps = rms.Eps.ToScalar();
            using var one = 1.ToScalar();
            using var minusEta = (-learningRate).ToScalar();
            var g = WithWeightDecay(grad, theta, rms.WeightDecay);        // g ← ∂L/∂θ + λ·θ
            s.mul_(alpha).addcmul_(g, g, oneMinusAlpha);                   // s ← α·s + (1 − α)·g²
            var denominator = s.sqrt().add_(eps, one);                     // √s + ε
            theta.addcdiv_(g, denominator, minusEta);                      // θ ← θ − η·g / (√s + ε)
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) s.Dispose();
            base.Dispose(disposing);
        }
    }
}

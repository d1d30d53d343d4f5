using SigmoidTorch.Functions;
using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// Adam and AdamW as <c>torch.optim.Adam</c> and <c>torch.optim.AdamW</c> compute them (not AMSGrad): at step t,
/// m ← β1·m + (1 − β1)·g and v ← β2·v + (1 − β2)·g², then with the bias corrections c1 = 1 − β1ᵗ, c2 = 1 − β2ᵗ,
/// θ ← θ − (η/c1)·m / (√v/√c2 + ε). That is Kingma and Ba's m̂/(√v̂ + ε) with m̂ = m/c1, v̂ = v/c2, the corrections
/// folded into the step size and the denominator as the library folds them. Adam's weight decay is L2 (g ← g + λ·θ);
/// AdamW's is decoupled (Loshchilov and Hutter): θ ← (1 − η·λ)·θ before the step, the gradient untouched. Each line is
/// the library's operation in the library's order, so the result is the same bit for bit.
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Creates Adam (or AdamW, when <paramref name="decoupled"/>) named <paramref name="name"/>.</summary>
    internal Adam(string name, double beta1, double beta2, double eps, double weightDecay, bool decoupled) : base(name, weightDecay) =>
        (Beta1, Beta2, Eps, IsDecoupled) = (beta1, beta2, eps, decoupled);

    /// <summary>β1, the smoothing of the mean gradient m, in [0, 1).</summary>
    public double Beta1 { get; }

    /// <summary>β2, the smoothing of the mean squared gradient v, in [0, 1).</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to the denominator so the step never divides by 0; above 0.</summary>
    public double Eps { get; }

    /// <summary>Whether weight decay is AdamW's, θ ← (1 − η·λ)·θ, rather than L2 on the gradient.</summary>
    public bool IsDecoupled { get; }

    /// <inheritdoc />
    public override OptimizerState Start(Tensor theta) => new State(this, theta);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        CheckFraction("beta1", Beta1);
        CheckFraction("beta2", Beta2);
        CheckEpsilon(Eps);
    }

    private sealed class State(Adam adam, Tensor theta) : OptimizerState
    {
        private readonly Tensor m = zeros_like(theta).DetachFromDisposeScope();   // m ← 0
        private readonly Tensor v = zeros_like(theta).DetachFromDisposeScope();   // v ← 0
        private long t;                                                            // steps taken

        public override void Update(Tensor theta, Tensor grad, double learningRate)
        {
            t++;                                                                   // t ← t + 1
            var g = grad;
            if (adam.IsDecoupled)
            {
                using var decay = (1 - learningRate * adam.WeightDecay).ToScalar();
                theta.mul_(decay);                                                 // θ ← (1 − η·λ)·θ      (AdamW)
            }
            else
                g = WithWeightDecay(grad, theta, adam.WeightDecay);                // g ← ∂L/∂θ + λ·θ      (Adam)
            double c1 = 1 - Math.Pow(adam.Beta1, t);                               // c1 = 1 − β1ᵗ
            double c2 = 1 - Math.Pow(adam.Beta2, t);                               // c2 = 1 − β2ᵗ
            using var beta1 = adam.Beta1.ToScalar();
            using var oneMinusBeta1 = (1 - adam.Beta1).ToScalar();
            using var beta2 = adam.Beta2.ToScalar();
            using var oneMinusBeta2 = (1 - adam.Beta2).ToScalar();
            using var eps = adam.Eps.ToScalar();
            using var one = 1.ToScalar();
            using var minusStepSize = (-learningRate / c1).ToScalar();
            m.mul_(beta1).add_(g, oneMinusBeta1);                                  // m ← β1·m + (1 − β1)·g
            v.mul_(beta2).addcmul_(g, g, oneMinusBeta2);                           // v ← β2·v + (1 − β2)·g²
            var denominator = v.sqrt().Over(Math.Sqrt(c2)).add_(eps, one);         // √v/√c2 + ε
            theta.addcdiv_(m, denominator, minusStepSize);                         // θ ← θ − (η/c1)·m / (√v/√c2 + ε)
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                m.Dispose();
                v.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// How the readable manual step turns ∂L/∂θ into a change of θ (<see cref="TrainingOptions.Optimizer"/>): plain gradient
/// descent (the default, θ ← θ − η·∂L/∂θ), momentum, Nesterov, RMSProp, Adam or AdamW, each with libtorch's defaults
/// and written the way <c>torch.optim</c> computes it, one equation per line (<see cref="GradientDescent"/>,
/// <see cref="RmsProp"/>, <see cref="Adam"/>). An optimizer holds only its hyperparameters; what it remembers between
/// steps (velocities, moments, the step count) lives in the <see cref="OptimizerState"/> it <see cref="Start"/>s for each
/// parameter, so one optimizer can serve many runs.
/// </summary>
public abstract class Optimizer
{
    /// <summary>Creates an optimizer named <paramref name="name"/> with L2 weight decay λ = <paramref name="weightDecay"/>.</summary>
    private protected Optimizer(string name, double weightDecay) => (Name, WeightDecay) = (name, weightDecay);

    /// <summary>Plain gradient descent θ ← θ − η·∂L/∂θ, the articles' step and the default: <c>torch.optim.SGD</c> without momentum.</summary>
    public static Optimizer Sgd { get; } = new GradientDescent("sgd", momentum: 0, nesterov: false, weightDecay: 0);

    /// <summary>Lower-case name: sgd, momentum, nesterov, rmsprop, adam, adamw.</summary>
    public string Name { get; }

    /// <summary>
    /// λ of L2 weight decay as <c>torch.optim</c> applies it: the gradient gains λ·θ (g ← g + λ·θ), the gradient of
    /// ½λ‖θ‖² added to the loss; AdamW decays θ itself instead (<see cref="Adam"/>). 0: none.
    /// </summary>
    public double WeightDecay { get; }

    /// <summary>Whether this is plain gradient descent without weight decay: the one update the fused step computes.</summary>
    public bool IsPlainGradientDescent => this is GradientDescent { Momentum: 0 } && WeightDecay == 0;

    /// <summary><c>torch.optim.SGD(momentum: μ)</c>: v ← μ·v + g, θ ← θ − η·v (libtorch's form, <see cref="GradientDescent"/>).</summary>
    public static Optimizer WithMomentum(double momentum = 0.9, double weightDecay = 0) => new GradientDescent("momentum", momentum, nesterov: false, weightDecay);

    /// <summary><c>torch.optim.SGD(momentum: μ, nesterov: true)</c>: v ← μ·v + g, θ ← θ − η·(g + μ·v).</summary>
    public static Optimizer Nesterov(double momentum = 0.9, double weightDecay = 0) => new GradientDescent("nesterov", momentum, nesterov: true, weightDecay);

    /// <summary>Plain gradient descent with L2 weight decay λ (g ← g + λ·θ): <c>torch.optim.SGD(weight_decay: λ)</c>.</summary>
    public static Optimizer SgdWithWeightDecay(double weightDecay) => new GradientDescent("sgd", momentum: 0, nesterov: false, weightDecay);

    /// <summary><c>torch.optim.RMSProp</c> with libtorch's defaults α = 0.99, ε = 1e-8 (no momentum, not centred).</summary>
    public static Optimizer RmsProp(double alpha = 0.99, double eps = 1e-8, double weightDecay = 0) => new RmsProp(alpha, eps, weightDecay);

    /// <summary><c>torch.optim.Adam</c> with libtorch's defaults β1 = 0.9, β2 = 0.999, ε = 1e-8; weight decay is L2 (g ← g + λ·θ).</summary>
    public static Optimizer Adam(double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0) =>
        new Adam("adam", beta1, beta2, eps, weightDecay, decoupled: false);

    /// <summary><c>torch.optim.AdamW</c>: Adam with decoupled weight decay θ ← (1 − η·λ)·θ, libtorch's default λ = 0.01.</summary>
    public static Optimizer AdamW(double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01) =>
        new Adam("adamw", beta1, beta2, eps, weightDecay, decoupled: true);

    /// <summary>The state this optimizer keeps for the parameter <paramref name="theta"/> during one run (empty at the start).</summary>
    public abstract OptimizerState Start(Tensor theta);

    /// <summary>Throws a one-line <see cref="SigmoidTorchException"/> naming the first bad hyperparameter.</summary>
    public virtual void Validate()
    {
        if (!double.IsFinite(WeightDecay) || WeightDecay < 0)
            throw new SigmoidTorchException($"{Name}: weight decay must be a finite number of 0 or more, got {WeightDecay}");
    }

    /// <summary>Refuses a coefficient (a momentum, β, α) outside [0, 1).</summary>
    private protected void CheckFraction(string what, double value)
    {
        if (!(value >= 0 && value < 1))
            throw new SigmoidTorchException($"{Name}: {what} must be in [0, 1), got {value}");
    }

    /// <summary>Refuses an ε that is not a finite number above 0.</summary>
    private protected void CheckEpsilon(double eps)
    {
        if (!double.IsFinite(eps) || eps <= 0)
            throw new SigmoidTorchException($"{Name}: eps must be a finite number above 0, got {eps}");
    }

    /// <summary>The name, with the weight decay where there is one ("sgd with weight decay 0.01").</summary>
    public override string ToString() => WeightDecay == 0 ? Name : $"{Name} with weight decay {WeightDecay}";
}

using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// What an <see cref="Optimizer"/> remembers about one parameter θ between steps (a velocity, moments, a step count),
/// and the update that uses it. The tensors it keeps are its own, outside every dispose scope, until it is disposed.
/// </summary>
public abstract class OptimizerState : IDisposable
{
    /// <summary>
    /// Moves θ one step along the gradient <paramref name="grad"/> = ∂L/∂θ with learning rate η =
    /// <paramref name="learningRate"/>, in place, as <c>torch.optim</c>'s step does. Call it under <c>no_grad()</c> and a
    /// dispose scope (it frees its temporaries there).
    /// </summary>
    public abstract void Update(Tensor theta, Tensor grad, double learningRate);

    /// <summary>
    /// g + λ·θ for λ = <paramref name="weightDecay"/> (L2 weight decay as <c>torch.optim</c> adds it, <c>grad.add(θ, alpha: λ)</c>); g itself when λ = 0.
    /// </summary>
    protected static Tensor WithWeightDecay(Tensor grad, Tensor theta, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(grad);
        if (weightDecay == 0) return grad;
        using var lambda = weightDecay.ToScalar();
        return grad.add(theta, lambda);                                    // g ← g + λ·θ
    }

    /// <summary>Frees the tensors the state keeps.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the tensors the state keeps (when <paramref name="disposing"/>).</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}

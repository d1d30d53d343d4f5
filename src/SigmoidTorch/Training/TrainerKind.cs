namespace SigmoidTorch.Training;

/// <summary>How a training step gets its gradients and applies them.</summary>
public enum TrainerKind
{
    /// <summary>Hand-written backprop (<see cref="Gradients.ManualBackprop"/>) and the hand-written update θ ← θ − η·g.</summary>
    Manual,

    /// <summary><c>loss.backward()</c> and <c>torch.optim.SGD</c> (no momentum, no weight decay).</summary>
    Autograd,
}

namespace SigmoidTorch.Training;

/// <summary>Which implementation of a training step runs: both follow the same equations.</summary>
public enum StepKind
{
    /// <summary>
    /// The readable step: the equations line by line as the articles write them (<see cref="ManualStep"/>:
    /// hand-written gradients, then θ ← θ − η·∂L/∂θ; for the autograd trainer <see cref="AutogradStep"/>).
    /// </summary>
    Readable,

    /// <summary>
    /// The fused step of the fast path (<see cref="Fast.FusedNetworkStep"/>: the same equations fused and in place),
    /// where one exists (<see cref="Trainer.HasFusedStep"/>).
    /// </summary>
    Fused,
}

using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>One gradient-descent step on one mini-batch: the only thing that differs between trainers.</summary>
public interface ITrainingStep
{
    /// <summary>Updates the model's parameters from the batch and returns the prediction Ŷ it made before the update (no autograd history).</summary>
    Tensor Step(Tensor x, Tensor y);
}

using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>A step with libtorch's autograd and <c>torch.optim.SGD</c> (no momentum, no weight decay).</summary>
public sealed class AutogradStep : ITrainingStep
{
    private readonly BackpropModel model;
    private readonly Loss loss;
    private readonly optim.Optimizer optimizer;

    /// <summary>Creates the step and its optimizer for <paramref name="model"/>.</summary>
    public AutogradStep(BackpropModel model, Loss loss, double learningRate)
    {
        (this.model, this.loss) = (model, loss);
        optimizer = optim.SGD(model.parameters(), learningRate, momentum: 0, dampening: 0, weight_decay: 0);
    }

    /// <inheritdoc />
    public Tensor Step(Tensor x, Tensor y)
    {
        optimizer.zero_grad();
        var prediction = model.forward(x);
        loss.Value(prediction, y).backward();
        optimizer.step();
        return prediction.detach();
    }
}

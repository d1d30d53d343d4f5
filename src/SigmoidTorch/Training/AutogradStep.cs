using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>A step with libtorch's autograd and <c>torch.optim.SGD</c> (no momentum, no weight decay).</summary>
public sealed class AutogradStep : ParameterStep
{
    private readonly optim.Optimizer optimizer;

    /// <summary>Creates the step and its optimizer for <paramref name="model"/>: it follows <paramref name="loss"/> and reports <paramref name="reported"/>.</summary>
    public AutogradStep(BackpropModel model, Loss loss, Loss reported, double learningRate) : base(model, loss, reported) =>
        optimizer = optim.SGD(model.parameters(), learningRate, momentum: 0, dampening: 0, weight_decay: 0);

    /// <inheritdoc />
    public override void Step(int batch, Tensor x, Tensor y, Tensor loss)
    {
        optimizer.zero_grad();
        var prediction = Model.forward(x);
        Loss.Value(prediction, y).backward();
        using (no_grad())
            loss.copy_(Reported.Value(prediction, y));
        optimizer.step();
    }
}

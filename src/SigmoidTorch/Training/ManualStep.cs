using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>A step with the readable hand-written gradients (<see cref="ManualBackprop"/>) and update, as the articles derive them.</summary>
public sealed class ManualStep : ITrainingStep
{
    private readonly BackpropModel model;
    private readonly Loss loss;
    private readonly Loss reported;
    private readonly TensorBackup backup;
    private readonly double learningRate;

    /// <summary>Creates the step for <paramref name="model"/>: it follows <paramref name="loss"/> and reports <paramref name="reported"/>.</summary>
    public ManualStep(BackpropModel model, Loss loss, Loss reported, double learningRate)
    {
        (this.model, this.loss, this.reported, this.learningRate) = (model, loss, reported, learningRate);
        backup = new TensorBackup(model.parameters());
    }

    /// <inheritdoc />
    public void MarkEpochStart() => backup.Save();

    /// <inheritdoc />
    public bool RevertToEpochStart(bool previousEpoch) => backup.Restore(previousEpoch);

    /// <inheritdoc />
    public void WriteWeightSum(Tensor sum)
    {
        using var noGrad = no_grad();
        sum.copy_(stack(model.parameters().Select(p => p.sum()).ToArray()).sum().reshape(sum.shape));
    }

    /// <inheritdoc />
    public void Dispose() => backup.Dispose();

    /// <inheritdoc />
    public void Step(int batch, Tensor x, Tensor y, Tensor loss)
    {
        var (prediction, gradients) = ManualBackprop.Run(model, x, y, this.loss);   // Ŷ, ∂L/∂θ
        loss.copy_(reported.Value(prediction, y));
        GradientDescent.Apply(gradients, learningRate);                                // θ ← θ − η·∂L/∂θ
    }
}

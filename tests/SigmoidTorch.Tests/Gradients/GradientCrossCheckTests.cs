using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using SigmoidTorch.Gradients;
using SigmoidTorch.Tests.Infrastructure;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Gradients;

/// <summary>
/// The hand-written gradients and updates against libtorch's autograd and optim.SGD, and against finite
/// differences, over model × activation × loss × bias × batch size × dtype × device.
/// </summary>
public class GradientCrossCheckTests
{
    [Theory, CpuCases, CudaCases]
    public void ManualGradientsEqualAutograd(string model, string activation, string output, string loss, string bias, int batch, string dtype, string device)
    {
        var c = new CrossCheckCase(model, activation, output, loss, bias, batch, dtype, device);
        using var scope = NewDisposeScope();
        var (net, x, y) = c.Build();
        var manual = ManualBackprop.Gradients(net, x, y, c.LossFunction);
        var autograd = GradientCheck.Autograd(net, x, y, c.LossFunction);
        var tolerance = Tolerance.For(c.ScalarType);
        Assert.Equal(autograd.Select(g => g.Name), manual.Select(g => g.Name));
        for (int i = 0; i < manual.Count; i++)
        {
            Assert.Equal(autograd[i].Gradient.shape, manual[i].Gradient.shape);
            Assert.True(tolerance.Agree(manual[i].Gradient, autograd[i].Gradient),
                $"{c}: {manual[i].Name} manual {Show(manual[i].Gradient)} vs autograd {Show(autograd[i].Gradient)}");
        }
    }

    [Theory, CpuCases, CudaCases]
    public void ManualUpdateEqualsSgdStep(string model, string activation, string output, string loss, string bias, int batch, string dtype, string device)
    {
        var c = new CrossCheckCase(model, activation, output, loss, bias, batch, dtype, device);
        using var scope = NewDisposeScope();
        var (manualNet, x, y) = c.Build();
        var (fusedNet, _, _) = c.Build();
        var (autogradNet, _, _) = c.Build();
        var options = new TrainingOptions { LearningRate = 0.3, Loss = c.LossFunction };
        double readableLoss = OneStep(manualNet, options, x, y);
        double fusedLoss = OneStep(fusedNet, options with { Step = FusedNetworkStep.Kind }, x, y);
        double autogradLoss = OneStep(autogradNet, options with { Trainer = TrainerKind.Autograd }, x, y);
        var tolerance = Tolerance.For(c.ScalarType);
        AssertSameParameters(c, manualNet, autogradNet, tolerance);
        AssertSameParameters(c, fusedNet, manualNet, tolerance);
        Assert.True(Math.Abs(readableLoss - autogradLoss) <= tolerance.Relative * Math.Abs(autogradLoss) + tolerance.Absolute, $"{c}: loss {readableLoss:R} vs {autogradLoss:R}");
        Assert.True(Math.Abs(fusedLoss - readableLoss) <= tolerance.Relative * Math.Abs(readableLoss) + tolerance.Absolute, $"{c}: fused loss {fusedLoss:R} vs {readableLoss:R}");
        Assert.False(manualNet.parameters().Zip(c.Build().Model.parameters()).All(p => p.First.eq(p.Second).all().item<bool>()), "the step changed nothing");
    }

    [Theory, CpuCases, CudaCases]
    public void TrajectoriesOf120StepsAgree(string model, string activation, string output, string loss, string bias, int batch, string dtype, string device)
    {
        var c = new CrossCheckCase(model, activation, output, loss, bias, batch, dtype, device);
        using var scope = NewDisposeScope();
        var (readableNet, x, y) = c.Build();
        var (fusedNet, _, _) = c.Build();
        var (autogradNet, _, _) = c.Build();
        // Three copies of the batch, so batch size b gives three steps an epoch; 40 epochs = 120 steps.
        var data = new SigmoidTorch.Data.Dataset(cat(new[] { x, x.flip(0), x.Times(0.5) }), cat(new[] { y, y.flip(0), y }));
        var options = new TrainingOptions { Epochs = 40, BatchSize = batch, LearningRate = 0.05, Loss = c.LossFunction };
        var readable = Trainer.Fit(readableNet, data, options);
        var fused = Trainer.Fit(fusedNet, data, options with { Step = FusedNetworkStep.Kind });
        var autograd = Trainer.Fit(autogradNet, data, options with { Trainer = TrainerKind.Autograd });

        Assert.Equal(120, readable.StepLosses.Count);
        // Over 120 steps the rounding differences of single steps compound: allow 100x the one-step tolerance.
        var one = Tolerance.For(c.ScalarType);
        var tolerance = one with { Relative = one.Relative * 100, Absolute = one.Absolute * 100 };
        AssertSameParameters(c, readableNet, autogradNet, tolerance);
        AssertSameParameters(c, fusedNet, readableNet, tolerance);
        for (int i = 0; i < readable.StepLosses.Count; i++)
        {
            Assert.True(Math.Abs(readable.StepLosses[i] - autograd.StepLosses[i]) <= tolerance.Relative * Math.Abs(autograd.StepLosses[i]) + tolerance.Absolute,
                $"{c}: step {i} loss {readable.StepLosses[i]:R} vs autograd {autograd.StepLosses[i]:R}");
            Assert.True(Math.Abs(fused.StepLosses[i] - readable.StepLosses[i]) <= tolerance.Relative * Math.Abs(readable.StepLosses[i]) + tolerance.Absolute,
                $"{c}: step {i} fused loss {fused.StepLosses[i]:R} vs readable {readable.StepLosses[i]:R}");
        }
    }

    private static double OneStep(SigmoidTorch.Models.BackpropModel model, TrainingOptions options, Tensor x, Tensor y)
    {
        var step = options.Step.Create(model, options);
        using var slot = zeros(new long[] { 1, 1 }, dtype: x.dtype, device: x.device);
        step.BeginEpoch(new[] { (x, y) });
        step.Step(x, y, slot);
        step.SyncModel();
        (step as IDisposable)?.Dispose();
        return slot.to(ScalarType.Float64).item<double>();
    }

    [Theory, CpuCases(ForFiniteDifferences = true), CudaCases(ForFiniteDifferences = true)]
    public void ManualGradientsMatchFiniteDifferences(string model, string activation, string output, string loss, string bias, int batch, string dtype, string device)
    {
        var c = new CrossCheckCase(model, activation, output, loss, bias, batch, dtype, device);
        using var scope = NewDisposeScope();
        var (net, x, y) = c.Build();
        var manual = ManualBackprop.Gradients(net, x, y, c.LossFunction);
        var fd = GradientCheck.FiniteDifferences(net, x, y, c.LossFunction);
        for (int i = 0; i < manual.Count; i++)
        {
            var m = manual[i].Gradient.cpu();
            var f = fd[i].Gradient;
            double scale = Math.Max(f.abs().max().item<double>(), 1e-8);
            double error = (m - f).abs().max().item<double>() / scale;
            Assert.True(error <= 1e-6, $"{c}: {manual[i].Name} relative error {error:E2} against finite differences");
        }
    }

    private static void AssertSameParameters(CrossCheckCase c, SigmoidTorch.Models.BackpropModel a, SigmoidTorch.Models.BackpropModel b, Tolerance tolerance)
    {
        foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
            Assert.True(tolerance.Agree(pa, pb), $"{c}: {name} manual {Show(pa)} vs autograd {Show(pb)}");
    }

    // numpy's layout from the values (TorchSharp's formatter makes a Scalar per value and leaves it to the collector).
    private static string Show(Tensor t)
    {
        using var values = t.detach().to(ScalarType.Float64).cpu().contiguous();
        return SigmoidTorch.Articles.Seed003GradientDescentPerceptron.NumpyFormat.Array(values.data<double>().ToArray(), t.shape);
    }
}

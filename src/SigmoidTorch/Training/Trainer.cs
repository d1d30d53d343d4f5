using TorchSharp;
using SigmoidTorch.Data;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// The one training loop of the library. Manual and autograd training differ only in the
/// <see cref="ITrainingStep"/> it is given; everything else (epochs, batches, order, losses, callbacks,
/// divergence) is shared. Every step runs under its own dispose scope, so native memory stays flat.
/// </summary>
public static class Trainer
{
    /// <summary>The step that <paramref name="options"/> asks for, for <paramref name="model"/>.</summary>
    public static ITrainingStep CreateStep(BackpropModel model, TrainingOptions options)
    {
        var reported = options.ReportedLoss ?? options.Loss;
        return options.Trainer switch
        {
            TrainerKind.Manual when options.Fused && model is TwoLayerNetwork net => new FusedNetworkStep(net, options.Loss, reported, options.LearningRate),
            TrainerKind.Manual => new ManualStep(model, options.Loss, reported, options.LearningRate),
            TrainerKind.Autograd => new AutogradStep(model, options.Loss, reported, options.LearningRate),
            _ => throw new SigmoidTorchException($"unknown trainer '{options.Trainer}'"),
        };
    }

    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="data"/>. When the loss turns NaN or infinite the model gets
    /// back the weights it had at the start of that epoch and <see cref="TrainingDivergedException"/> is thrown.
    /// </summary>
    public static TrainingHistory Fit(BackpropModel model, Dataset data, TrainingOptions options)
    {
        options.Validate();
        CheckData(model, data);
        if (options.InitialParameters is { } start) model.SetParameters(start);
        var history = new TrainingHistory();
        using var generator = options.Shuffle ? new Generator((ulong)options.Seed) : null;
        using var runScope = NewDisposeScope();
        var step = CreateStep(model, options);
        try
        {
            var fixedBatches = options.Shuffle ? null : data.Batches(options.BatchSize);
            int batchesPerEpoch = (data.Count + options.BatchSize - 1) / options.BatchSize;
            var losses = zeros(new long[] { batchesPerEpoch, 1, 1 }, dtype: data.X.dtype, device: data.X.device);
            var slots = Enumerable.Range(0, batchesPerEpoch).Select(i => losses[i]).ToArray();
            int steps = 0;

            bool callbacks = options.OnEpoch is not null;
            for (int epoch = 0; epoch < options.Epochs && steps != options.MaxSteps; epoch++)
            {
                using var epochScope = NewDisposeScope();
                step.MarkEpochStart();
                var batches = fixedBatches ?? data.Batches(options.BatchSize, randperm(data.Count, generator: generator).to(data.X.device));
                int planned = options.MaxSteps is { } max ? Math.Min(batches.Count, max - steps) : batches.Count;
                step.BeginEpoch(batches);
                for (int b = 0; b < planned; b++)
                {
                    using (var stepScope = step.AllocatesPerStep ? NewDisposeScope() : null)
                        step.Step(b, batches[b].X, batches[b].Y, slots[b]);
                    steps++;
                    if (options.OnStep is { } onStep)
                    {
                        step.Sync();
                        onStep(new StepInfo(epoch, b, steps, model));
                    }
                }

                double[] values = ReadLosses(losses, planned);
                int firstBad = Array.FindIndex(values, v => !double.IsFinite(v));
                if (firstBad >= 0)
                {
                    step.RevertToEpochStart();
                    throw new TrainingDivergedException(epoch, firstBad, values[firstBad], history);
                }
                history.StepLosses.AddRange(values);
                history.EpochLosses.Add(values.Length > 0 ? values.Average() : double.NaN);
                if (callbacks)
                {
                    step.Sync();
                    options.OnEpoch!(new EpochInfo(epoch, options.Epochs, history.FinalLoss, model));
                }
            }
            step.Sync();
            return history;
        }
        finally
        {
            step.Dispose();
        }
    }

    /// <summary>Checks that the data fits the model: feature count, target shape, dtype and device.</summary>
    public static void CheckData(BackpropModel model, Dataset data)
    {
        model.CheckInput(data.X);
        if (data.Y.shape[1] != model.Spec.Outputs)
            throw new SigmoidTorchException($"targets have {data.Y.shape[1]} column(s) but {model.Spec} has {model.Spec.Outputs} output(s)");
    }

    // The first `count` step losses as float64 values; a float64 CPU buffer is read in place.
    private static double[] ReadLosses(Tensor losses, int count)
    {
        if (losses.dtype == ScalarType.Float64 && losses.device_type == DeviceType.CPU)
            return losses.data<double>().Take(count).ToArray();
        return losses.narrow(0, 0, count).to(ScalarType.Float64).cpu().data<double>().ToArray();
    }
}

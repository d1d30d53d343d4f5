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
    /// Trains <paramref name="model"/> on <paramref name="data"/>. Training stops with <see cref="TrainingDivergedException"/>
    /// when a loss turns NaN or infinite, or the weights do while the loss stays finite (saturated units). The model then
    /// gets back finite weights whose loss was finite: those of the start of the epoch where it happened, or of the epoch
    /// before when it happened at the epoch's first step (the start of an epoch is what that first step's loss measured).
    /// Starting weights that are not finite are refused with a <see cref="SigmoidTorchException"/>.
    /// </summary>
    public static TrainingHistory Fit(BackpropModel model, Dataset data, TrainingOptions options)
    {
        options.Validate();
        CheckData(model, data);
        if (model.DType == ScalarType.Float32 && options.LearningRate > float.MaxValue)
            throw new SigmoidTorchException($"learning rate {options.LearningRate} is too large for a float32 model (at most {float.MaxValue})");
        if (options.InitialParameters is { } start)
        {
            CheckFinite(start.Select(kv => (kv.Key, kv.Value)), model.Spec);
            model.SetParameters(start);
        }
        else
        {
            CheckStartingWeights(model);
        }
        var history = new TrainingHistory();
        using var generator = options.Shuffle ? new Generator((ulong)options.Seed) : null;
        using var runScope = NewDisposeScope();
        var parameters = model.parameters().ToList();
        var step = CreateStep(model, options);
        // The weights at the start of this epoch and of the one before, flattened into one tensor each; both finite.
        Tensor startOfEpoch = Flatten(parameters).DetachFromDisposeScope();
        Tensor? startOfPreviousEpoch = null;
        try
        {
            var fixedBatches = options.Shuffle ? null : data.Batches(options.BatchSize);
            int batchesPerEpoch = (data.Count + options.BatchSize - 1) / options.BatchSize;
            // One slot per batch for its loss, and a last one for max|w| after the epoch: one transfer reads them all.
            var losses = zeros(new long[] { batchesPerEpoch + 1, 1, 1 }, dtype: data.X.dtype, device: data.X.device);
            var slots = Enumerable.Range(0, batchesPerEpoch).Select(i => losses[i]).ToArray();
            var largestWeight = losses[batchesPerEpoch];
            int steps = 0;

            for (int epoch = 0; epoch < options.Epochs && steps != options.MaxSteps; epoch++)
            {
                using var epochScope = NewDisposeScope();
                var batches = fixedBatches ?? data.Batches(options.BatchSize, randperm(data.Count, generator: generator).to(data.X.device));
                int planned = options.MaxSteps is { } max ? Math.Min(batches.Count, max - steps) : batches.Count;
                step.BeginEpoch(batches);
                for (int b = 0; b < planned; b++)
                {
                    using var stepScope = NewDisposeScope();
                    step.Step(b, batches[b].X, batches[b].Y, slots[b]);
                    steps++;
                    if (options.OnStep is { } onStep)
                    {
                        step.Sync();
                        onStep(new StepInfo(epoch, b, steps, model));
                    }
                }
                step.Sync();

                var endOfEpoch = Flatten(parameters);
                using (no_grad())
                    largestWeight.copy_(endOfEpoch.abs().max());   // NaN or ∞ when any weight is
                double[] read = losses.to(ScalarType.Float64).cpu().data<double>().ToArray();
                double[] values = read[..planned];
                int firstBad = Array.FindIndex(values, v => !double.IsFinite(v));
                if (firstBad >= 0)
                {
                    // The start of this epoch is what its first step's loss measured: when that loss is the bad one, go one epoch further back.
                    bool previous = firstBad == 0 && startOfPreviousEpoch is not null;
                    Restore(parameters, previous ? startOfPreviousEpoch! : startOfEpoch);
                    throw new TrainingDivergedException(epoch, firstBad, values[firstBad], history, previous ? epoch - 1 : epoch, steps - planned + firstBad + 1);
                }
                if (!double.IsFinite(read[^1]))
                {
                    Restore(parameters, startOfEpoch);
                    throw TrainingDivergedException.WeightsNotFinite(epoch, planned, steps - planned + 1, steps, history);
                }
                history.StepLosses.AddRange(values);
                history.EpochLosses.Add(values.Length > 0 ? values.Average() : double.NaN);
                startOfPreviousEpoch?.Dispose();
                (startOfPreviousEpoch, startOfEpoch) = (startOfEpoch, endOfEpoch.DetachFromDisposeScope());
                options.OnEpoch?.Invoke(new EpochInfo(epoch, options.Epochs, history.FinalLoss, model));
            }
            return history;
        }
        finally
        {
            (step as IDisposable)?.Dispose();
            startOfEpoch.Dispose();
            startOfPreviousEpoch?.Dispose();
        }
    }

    /// <summary>Checks that the data fits the model: feature count, target shape, dtype and device.</summary>
    public static void CheckData(BackpropModel model, Dataset data)
    {
        model.CheckInput(data.X);
        if (data.Y.shape[1] != model.Spec.Outputs)
            throw new SigmoidTorchException($"targets have {data.Y.shape[1]} column(s) but {model.Spec} has {model.Spec.Outputs} output(s)");
    }

    /// <summary>Throws a one-line <see cref="SigmoidTorchException"/> naming the first parameter of <paramref name="model"/> that holds NaN or ±∞.</summary>
    public static void CheckStartingWeights(BackpropModel model) =>
        CheckFinite(model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), model.Spec);

    private static void CheckFinite(IEnumerable<(string Name, Tensor Value)> weights, ModelSpec spec)
    {
        using var scope = NewDisposeScope();
        foreach (var (name, value) in weights)
        {
            var bad = value.detach().isfinite().logical_not();
            if (bad.any().item<bool>())
                throw new SigmoidTorchException($"the starting weights are not finite: '{name}' of {spec} holds {bad.sum().item<long>()} NaN or infinite value(s), "
                    + $"e.g. {value.detach().masked_select(bad)[0].to(ScalarType.Float64).item<double>()}");
        }
    }

    // Every parameter, flattened into one new tensor (in the order of parameters()).
    private static Tensor Flatten(IReadOnlyList<Tensor> parameters)
    {
        using var noGrad = no_grad();
        return cat(parameters.Select(p => p.reshape(-1)).ToList());
    }

    // Copies a tensor made by Flatten back into the parameters.
    private static void Restore(IReadOnlyList<Tensor> parameters, Tensor flat)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long offset = 0;
        foreach (var p in parameters)
        {
            p.copy_(flat.narrow(0, offset, p.numel()).view(p.shape));
            offset += p.numel();
        }
    }
}

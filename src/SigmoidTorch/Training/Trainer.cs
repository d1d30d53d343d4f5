using SigmoidTorch.Data;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// The one training loop of the library. Manual and autograd training differ only in the
/// <see cref="ITrainingStep"/> that <see cref="TrainingOptions.Step"/> makes (the readable step unless asked
/// otherwise); everything else (epochs, batches, order, losses, callbacks, divergence) is shared. Training runs under
/// dispose scopes (one per epoch; the readable steps free their own tensors each step), so native memory stays flat.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="data"/>. Training stops with <see cref="TrainingDivergedException"/>
    /// when a loss turns NaN or infinite, or the weights do while the loss stays finite (saturated units). The model then
    /// gets back finite weights whose loss was finite: those of the start of the epoch where it happened, or of the epoch
    /// before when it happened at the epoch's first step (the start of an epoch is what that first step's loss measured).
    /// Starting weights that are not finite are refused with a <see cref="SigmoidTorchException"/>, and a run beyond
    /// <see cref="RunLimits.MaxSteps"/> steps with a <see cref="ResourceLimitException"/> (whether the machine has the
    /// memory is the caller's to check: <c>MemoryLimits.CheckTraining</c> in SigmoidTorch.Runtime). With
    /// <see cref="TrainingOptions.StopOnPlateau"/>, training ends after the epoch where the loss stopped falling.
    /// </summary>
    public static TrainingHistory Fit(BackpropModel model, Dataset data, TrainingOptions options)
    {
        options.Validate();
        CheckData(model, data);
        foreach (var loss in new[] { options.Loss, options.ReportedLoss ?? options.Loss })
        {
            model.Spec.CheckLoss(loss);
            loss.CheckTargets(data.Y);
        }
        RunLimits.RequireSteps(options.StepsPerRun(data.Count), $"training {model.Spec}");
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
        var step = options.Step.Create(model, options);
        using var ownedStep = step as IDisposable;
        // The divergence rule's memory: the weights of the last two epoch starts, to fall back on.
        using var backup = new TensorBackup(step.Parameters);
        var fixedBatches = options.Shuffle ? null : data.Batches(options.BatchSize);
        int batchesPerEpoch = (int)options.BatchesPerEpoch(data.Count);
        // One slot per batch for its loss, and a last one for Σ of the weights after the epoch: one read gets them all.
        var losses = zeros(new long[] { batchesPerEpoch + 1, 1, 1 }, dtype: data.X.dtype, device: data.X.device);
        var slots = Enumerable.Range(0, batchesPerEpoch + 1).Select(i => losses[i]).ToArray();
        var weightSum = slots[batchesPerEpoch];
        var weightRows = step.Parameters.Select(p => (Row: p.view(1, -1), Ones: ones(p.numel(), 1, dtype: p.dtype, device: p.device))).ToArray();
        int steps = 0;

        for (int epoch = 0; epoch < options.Epochs && steps != options.MaxSteps; epoch++)
        {
            using var epochScope = NewDisposeScope();
            backup.Save();
            var batches = fixedBatches ?? data.Batches(options.BatchSize, randperm(data.Count, generator: generator).to(data.X.device));
            int planned = options.MaxSteps is { } max ? Math.Min(batches.Count, max - steps) : batches.Count;
            step.BeginEpoch(batches);
            for (int b = 0; b < planned; b++)
            {
                step.Step(batches[b].X, batches[b].Y, slots[b]);
                steps++;
                if (options.OnStep is { } onStep)
                    onStep(new StepInfo(epoch, b, steps, Synced()));
            }
            WriteSum(weightRows, weightSum);

            double[] read = ReadLosses(losses);
            double[] values = read[..planned];
            int firstBad = Divergence.First(values);
            if (firstBad >= 0)
            {
                // The start of this epoch is what its first step's loss measured: when that loss is the bad one, go one epoch further back.
                bool previous = Revert(previousEpoch: firstBad == 0);
                throw new TrainingDivergedException(epoch, firstBad, values[firstBad], history, previous ? epoch - 1 : epoch, steps - planned + firstBad + 1);
            }
            if (Divergence.Diverged(read[^1]))
            {
                Revert(previousEpoch: false);
                throw TrainingDivergedException.WeightsNotFinite(epoch, planned, steps - planned + 1, steps, history);
            }
            history.StepLosses.AddRange(values);
            history.EpochLosses.Add(values.Length > 0 ? values.Average() : double.NaN);
            if (options.OnEpoch is { } onEpoch)
                onEpoch(new EpochInfo(epoch, options.Epochs, history.FinalLoss, Synced()));
            if (options.StopOnPlateau?.Check(history.EpochLosses) is { } plateau)
            {
                history.Plateau = plateau;
                break;
            }
        }
        step.SyncModel();
        return history;

        // The model as the callbacks see it: with the step's weights, where it keeps its own copy (the fused step).
        BackpropModel Synced()
        {
            step.SyncModel();
            return model;
        }

        // Back to the weights of this epoch's start, or of the one before (when there was one); in the model too.
        bool Revert(bool previousEpoch)
        {
            bool previous = backup.Restore(previousEpoch);
            step.SyncModel();
            return previous;
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

    // Σ of all the weights into the one-element sum: NaN or ±∞ exactly when some weight is (or they overflow). One
    // product of each tensor's row of values with a column of ones, made once: nothing is allocated per epoch.
    private static void WriteSum((Tensor Row, Tensor Ones)[] weights, Tensor sum)
    {
        using var noGrad = no_grad();
        for (int i = 0; i < weights.Length; i++)
            sum.addmm_(weights[i].Row, weights[i].Ones, beta: i == 0 ? 0 : 1, alpha: 1);
    }

    // All slots as float64 values; a float64 CPU buffer is read in place.
    private static double[] ReadLosses(Tensor losses)
    {
        if (losses.dtype == ScalarType.Float64 && losses.device_type == DeviceType.CPU)
            return losses.data<double>().ToArray();
        return losses.to(ScalarType.Float64).cpu().data<double>().ToArray();
    }
}

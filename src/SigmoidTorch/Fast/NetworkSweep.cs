using System.Diagnostics;
using SigmoidTorch.Data;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using static TorchSharp.torch;

namespace SigmoidTorch.Fast;

/// <summary>
/// Trains K independent two-layer networks of one architecture at once, on the same data, each with its own
/// learning rate and starting weights. Every network computes exactly the equations of
/// <see cref="Gradients.NetworkBackprop"/> (manual) or gets its gradients from autograd: stacking only changes the
/// layout (<see cref="StackedNetworks"/>). The loop has the shape of
/// <see cref="Trainer.Fit"/>: epochs of mini-batches in order, one loss per step, the epoch loss their mean.
/// A network whose loss turns non-finite is marked diverged (its history ends there); the others go on.
/// </summary>
public static class NetworkSweep
{
    /// <summary>
    /// Checks, before anything is allocated, that a sweep of <paramref name="networks"/> networks of <paramref name="spec"/>
    /// on <paramref name="samples"/> samples fits: at most <see cref="RunLimits.MaxNetworks"/> networks and
    /// <see cref="RunLimits.MaxSteps"/> steps, and the memory of every network's weights, batch activations and
    /// history; a <see cref="ResourceLimitException"/> otherwise.
    /// </summary>
    public static void CheckSize(ModelSpec spec, long samples, long networks, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        RunLimits.RequireAtMost("a sweep: the number of networks", networks, RunLimits.MaxNetworks);
        long steps = (long)options.Epochs * ((samples + options.BatchSize - 1) / Math.Max(options.BatchSize, 1));
        RunLimits.RequireAtMost("a sweep: the number of training steps (epochs × batches per epoch)", steps, RunLimits.MaxSteps);
        RunLimits.RequireMemory(networks * RunLimits.TrainingBytes(spec, options.BatchSize, options.BatchSize, steps),
            $"a sweep of {RunLimits.Count(networks)} networks {spec}, {RunLimits.Count(options.Epochs)} epochs");
    }

    /// <summary>Trains every member for <see cref="TrainingOptions.Epochs"/> epochs; <see cref="TrainingOptions.LearningRate"/> is ignored (each member has its own).</summary>
    public static SweepResult Train(ModelSpec spec, Dataset data, IReadOnlyList<SweepMember> members, TrainingOptions options, Action<int>? onEpoch = null)
    {
        if (spec.Kind != ModelKind.TwoLayer) throw new SigmoidTorchException($"a sweep trains two-layer networks, not {spec}");
        spec.CheckLoss(options.ReportedLoss ?? options.Loss);
        spec.CheckLoss(options.Loss);
        if (members.Count == 0) throw new SigmoidTorchException("a sweep needs at least one member");
        CheckSize(spec, data.Count, members.Count, options);
        foreach (var m in members)
            if (!double.IsFinite(m.LearningRate) || m.LearningRate <= 0)
                throw new SigmoidTorchException($"sweep member '{m.Label}': learning rate must be a finite number above 0, got {m.LearningRate}");
        (options with { LearningRate = 1 }).Validate();
        if (options.Shuffle) throw new SigmoidTorchException("sweeps take the batches in order (no shuffling)");
        var (dtype, device) = (data.X.dtype, data.X.device);
        using var template = spec.Build(dtype, device);
        Trainer.CheckData(template, data);

        using var scope = NewDisposeScope();
        var networks = new StackedNetworks(spec, members, options, dtype, device);
        var batches = data.Batches(options.BatchSize);
        var inputs = batches.Select(b => (Xa: PackedWeights.WithOnes(b.X, spec.HiddenBias), b.Y)).ToList();
        var inputsT = inputs.Select(b => b.Xa.t()).ToList();
        int k = members.Count;
        var histories = members.Select(_ => new TrainingHistory()).ToList();
        var diverged = new int?[k];
        long outputs = spec.Outputs;
        var losses = zeros(new long[] { batches.Count, 1, k * outputs }, dtype: dtype, device: device);
        var slots = Enumerable.Range(0, batches.Count).Select(i => losses[i]).ToArray();
        var reported = options.ReportedLoss ?? options.Loss;
        double[] reportScale = batches.Select(b => reported.SquaredErrorScale(b.Y.shape[0], b.Y.shape[1])).ToArray();

        var clock = Stopwatch.StartNew();
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            for (int b = 0; b < batches.Count; b++)
            {
                using var stepScope = NewDisposeScope();
                networks.Step(inputs[b].Xa, inputsT[b], inputs[b].Y, slots[b]);
            }
            using (var readScope = NewDisposeScope())
            {
                var values = (outputs == 1 ? losses : losses.view(batches.Count, k, outputs).sum(dim: 2)).to(ScalarType.Float64).cpu().data<double>();
                for (int m = 0; m < k; m++)
                {
                    if (diverged[m] is not null) continue;
                    // Plain loops: with hundreds of networks, this bookkeeping runs K times an epoch.
                    double sum = 0;
                    int start = histories[m].StepLosses.Count;
                    for (int b = 0; b < batches.Count; b++)
                    {
                        double value = values[b * k + m] * reportScale[b];
                        histories[m].StepLosses.Add(value);
                        sum += value;
                    }
                    if (!double.IsFinite(sum))
                    {
                        histories[m].StepLosses.RemoveRange(start, batches.Count);
                        diverged[m] = epoch;
                        continue;
                    }
                    histories[m].EpochLosses.Add(sum / batches.Count);
                }
            }
            onEpoch?.Invoke(epoch);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        return new SweepResult(histories, networks.Unstack(template), diverged, seconds);
    }
}

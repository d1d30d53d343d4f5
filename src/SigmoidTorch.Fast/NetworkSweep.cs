using System.Diagnostics;
using System.Runtime.InteropServices;
using SigmoidTorch.Data;
using SigmoidTorch.Functions;
using SigmoidTorch.Limits;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using static TorchSharp.torch;

namespace SigmoidTorch.Fast;

/// <summary>
/// Trains K independent two-layer networks of one architecture at once, on the same data, each with its own
/// learning rate and starting weights. Every network computes exactly the equations of
/// <see cref="Gradients.NetworkBackprop"/> (manual) or gets its gradients from autograd: stacking only changes the
/// layout (<see cref="StackedNetworks"/>). The loop has the shape of <see cref="Trainer.Fit"/>: epochs of mini-batches
/// in order, the epoch loss the mean of the steps' losses. A network whose epoch loss turns non-finite is marked
/// diverged (its history ends there); the others go on.
/// </summary>
/// <remarks>
/// The host's work per step does not grow with K: each step is a fixed list of tensor operations over all networks,
/// the losses stay on the device (summed there per epoch, into a block of epochs × K), and the host reads them in bulk
/// every <see cref="LossesPerRead"/> network-epochs (by default) and at the end, with no per-network work until the loop is done.
/// </remarks>
public static class NetworkSweep
{
    /// <summary>At most this many epoch losses (epochs × networks) per sweep: the result keeps them all, 8 bytes each.</summary>
    public const long MaxEpochLosses = 1L << 28;

    /// <summary>Epoch losses (epochs × networks) held on the device between reads by the host, unless <see cref="Train"/> is given another number.</summary>
    public const long LossesPerRead = 1L << 24;

    /// <summary>
    /// Checks, before anything is allocated, that a sweep of <paramref name="networks"/> networks of <paramref name="spec"/>
    /// on <paramref name="samples"/> samples fits: at most <see cref="RunLimits.MaxNetworks"/> networks,
    /// <see cref="RunLimits.MaxSteps"/> steps and <see cref="MaxEpochLosses"/> epoch losses, and the memory of every
    /// network's weights, batch activations and epoch losses; a <see cref="ResourceLimitException"/> otherwise.
    /// </summary>
    public static void CheckSize(ModelSpec spec, long samples, long networks, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        RunLimits.RequireAtMost("a sweep: the number of networks", networks, RunLimits.MaxNetworks);
        RunLimits.RequireSteps(options.StepsPerRun(samples), "a sweep");
        RunLimits.RequireAtMost("a sweep: the number of epoch losses it keeps (epochs × networks)", (double)options.Epochs * networks, MaxEpochLosses);
        // Per network: weights and batch buffers as one training run of a single batch (no step losses), and each epoch's
        // loss four times over (on the device, on the host, in its history, and the list's spare room).
        MemoryLimits.Require(networks * (MemoryLimits.TrainingBytes(spec, options.BatchSize, options.BatchSize, 0) + 32.0 * options.Epochs),
            $"a sweep of {RunLimits.Count(networks)} networks {spec}, {RunLimits.Count(options.Epochs)} epochs");
    }

    /// <summary>
    /// Trains every member for <see cref="TrainingOptions.Epochs"/> epochs; <see cref="TrainingOptions.LearningRate"/> is
    /// ignored (each member has its own). <paramref name="onEpoch"/> runs after each epoch's steps are issued (on a GPU
    /// they may still be running); the device holds up to <paramref name="lossesPerRead"/> epoch losses between reads.
    /// </summary>
    public static SweepResult Train(ModelSpec spec, Dataset data, IReadOnlyList<SweepMember> members, TrainingOptions options, Action<int>? onEpoch = null,
                                    long lossesPerRead = LossesPerRead)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(options);
        if (spec is not NetworkSpec network) throw new SigmoidTorchException($"a sweep trains two-layer networks, not {spec}");
        spec.CheckLoss(options.ReportedLoss ?? options.Loss);
        spec.CheckLoss(options.Loss);
        if (new[] { options.Loss, options.ReportedLoss ?? options.Loss }.FirstOrDefault(l => !l.IsSquaredError) is { } notSquared)
            throw new SigmoidTorchException($"a sweep trains on the squared errors ({string.Join(", ", Loss.SquaredErrors.Select(l => l.Name))}), not {notSquared.Name}");
        if (new[] { spec.Activation, spec.OutputActivation }.FirstOrDefault(f => !InPlaceActivation.Has(f)) is { } noInPlace)
            throw new SigmoidTorchException($"a sweep computes the articles' activations ({string.Join(", ", Activation.Hidden.Where(InPlaceActivation.Has).Select(a => a.Name))}), not {noInPlace.Name}");
        if (members.Count == 0) throw new SigmoidTorchException("a sweep needs at least one member");
        CheckSize(spec, data.Count, members.Count, options);
        foreach (var m in members)
            if (!double.IsFinite(m.LearningRate) || m.LearningRate <= 0)
                throw new SigmoidTorchException($"sweep member '{m.Label}': learning rate must be a finite number above 0, got {m.LearningRate}");
        (options with { LearningRate = 1 }).Validate();
        if (options.Shuffle) throw new SigmoidTorchException("sweeps take the batches in order (no shuffling)");
        int k = members.Count, epochs = options.Epochs;
        var (dtype, device) = (data.X.dtype, data.X.device);
        using var template = spec.Build(dtype, device);
        Trainer.CheckData(template, data);

        using var scope = NewDisposeScope();
        var batchList = data.Batches(options.BatchSize);
        using var networks = new StackedNetworks(network, members, options, batchList.Max(b => b.X.shape[0]), dtype, device);
        var batches = networks.Prepare(batchList, options.ReportedLoss ?? options.Loss);
        ArgumentOutOfRangeException.ThrowIfLessThan(lossesPerRead, 1);
        int perRead = (int)Math.Clamp(lossesPerRead / k, 1, Math.Max(1, epochs));
        var recent = zeros(perRead, k, dtype: dtype, device: device);             // epoch losses not read yet, one row an epoch
        var rows = Enumerable.Range(0, perRead).Select(i => recent[i]).ToArray();
        var losses = new double[(long)epochs * k];

        var clock = Stopwatch.StartNew();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            foreach (var batch in batches)
            {
                using var stepScope = NewDisposeScope();
                networks.Step(batch);
            }
            using (NewDisposeScope())
                networks.TakeEpochLosses(rows[epoch % perRead]);
            if ((epoch + 1) % perRead == 0 || epoch + 1 == epochs)
            {
                using var readScope = NewDisposeScope();
                int filled = epoch % perRead + 1;
                var read = recent.narrow(0, 0, filled).to(ScalarType.Float64, CPU).contiguous();
                MemoryMarshal.Cast<byte, double>(read.bytes).CopyTo(losses.AsSpan((epoch + 1 - filled) * k, filled * k));
            }
            onEpoch?.Invoke(epoch);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        var (histories, diverged) = Histories(losses, epochs, k);
        return new SweepResult(histories, networks.Weights(template), diverged, seconds);
    }

    // Each network's epoch losses up to its divergence (the library's one rule, Divergence), from the block [epochs, K].
    private static (List<TrainingHistory>, int?[]) Histories(double[] losses, int epochs, int k)
    {
        var histories = Enumerable.Range(0, k).Select(_ => new TrainingHistory()).ToList();
        var diverged = new int?[k];
        for (int e = 0; e < epochs; e++)
        {
            for (int m = 0; m < k; m++)
            {
                if (diverged[m] is not null) continue;
                double value = losses[(long)e * k + m];
                if (Divergence.Diverged(value)) diverged[m] = e;
                else histories[m].EpochLosses.Add(value);
            }
        }
        return (histories, diverged);
    }
}

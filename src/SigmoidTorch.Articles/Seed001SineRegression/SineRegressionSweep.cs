using System.Diagnostics;
using SigmoidTorch.Data;
using SigmoidTorch.Fast;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using static TorchSharp.torch;

namespace SigmoidTorch.Articles.Seed001SineRegression;

/// <summary>
/// Seed 001's "things to try" as one sweep: the article's network and data (<see cref="SineRegression"/>), trained at
/// every learning rate × every seed of starting weights. With <see cref="SineRegressionConfig.Step"/> fused (the
/// default) all networks train at once (<see cref="NetworkSweep"/>); readable trains one network after another through
/// <see cref="Trainer.Fit"/> with the readable step. Both give each network the losses it has trained alone.
/// </summary>
public static class SineRegressionSweep
{
    /// <summary>Learning rates around the article's for the activation: ¼, ½, 1, 2 and 4 times it.</summary>
    public static double[] DefaultLearningRates(SineRegressionConfig config) =>
        new[] { 0.25, 0.5, 1, 2, 4 }.Select(f => f * SineRegression.ArticleLearningRate(config.Activation)).ToArray();

    /// <summary>
    /// The work of a sweep of <paramref name="networks"/> networks, in the units <see cref="Run"/>'s progress counts:
    /// epochs (fused: every network at once) or network-epochs (readable: one network after another).
    /// </summary>
    public static long Work(SineRegressionConfig config, long networks)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Step == FusedNetworkStep.Kind ? config.Epochs : networks * config.Epochs;
    }

    /// <summary>
    /// Trains every (learning rate, seed) pair; cells come in the order rates × seeds. <see cref="SineRegressionConfig.Seed"/>
    /// is not used: <paramref name="seeds"/> gives each network's. <paramref name="onProgress"/> sees the work done so
    /// far (<see cref="Work"/>).
    /// </summary>
    public static (List<SweepCell> Cells, double Seconds) Run(SineRegressionConfig config, IReadOnlyList<double> learningRates, IReadOnlyList<long> seeds,
                                                            ScalarType dtype, Device device, Action<long>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (learningRates.Count == 0 || seeds.Count == 0) throw new SigmoidTorchException("a sweep needs at least one learning rate and one seed");
        SineRegression.CheckSizes(config);
        var spec = SineRegression.Spec(config);
        NetworkSweep.CheckSize(spec, config.PointCount,
            (long)learningRates.Count * seeds.Count, SineRegression.Options(config));
        using var scope = NewDisposeScope();
        var data = SineRegression.TrainingData(config, dtype, device);
        var starts = seeds.ToDictionary(s => s, s => SineRegression.InitialWeights(spec, config.Init, s));
        var members = learningRates.SelectMany(lr => seeds.Select(s => new SweepMember($"lr {lr}, seed {s}", lr, starts[s]))).ToList();
        var (finalLosses, diverged, seconds) = config.Step == FusedNetworkStep.Kind
            ? Stacked(config, spec, data, members, onProgress)
            : OneByOne(config, data, members, onProgress);
        var cells = members.Select((m, i) => new SweepCell(m.LearningRate, seeds[i % seeds.Count], finalLosses[i], diverged[i])).ToList();
        return (cells, seconds);
    }

    // Every network at once.
    private static (double[] FinalLosses, int?[] Diverged, double Seconds) Stacked(SineRegressionConfig config, ModelSpec spec, Dataset data,
                                                                                  List<SweepMember> members, Action<long>? onProgress)
    {
        var result = NetworkSweep.Train(spec, data, members, SineRegression.Options(config), e => onProgress?.Invoke(e + 1));
        double[] losses = members.Select((_, i) => result.Diverged[i] is null ? result.Histories[i].FinalLoss : double.NaN).ToArray();
        return (losses, result.Diverged.ToArray(), result.Seconds);
    }

    // One network after another, each through the one training loop with the readable step.
    private static (double[] FinalLosses, int?[] Diverged, double Seconds) OneByOne(SineRegressionConfig config, Dataset data,
                                                                                   List<SweepMember> members, Action<long>? onProgress)
    {
        var losses = new double[members.Count];
        var diverged = new int?[members.Count];
        var clock = Stopwatch.StartNew();
        for (int m = 0; m < members.Count; m++)
        {
            using var networkScope = NewDisposeScope();
            using var model = SineRegression.CreateModel(config, data.X.dtype, data.X.device);
            long done = (long)m * config.Epochs;
            var options = SineRegression.Options(config) with
            {
                LearningRate = members[m].LearningRate,
                InitialParameters = members[m].Start,
                OnEpoch = e => onProgress?.Invoke(done + e.Epoch + 1),
            };
            try
            {
                losses[m] = Trainer.Fit(model, data, options).FinalLoss;
            }
            catch (TrainingDivergedException e)
            {
                (losses[m], diverged[m]) = (double.NaN, e.Epoch);
                onProgress?.Invoke(done + config.Epochs);
            }
        }
        return (losses, diverged, clock.Elapsed.TotalSeconds);
    }
}

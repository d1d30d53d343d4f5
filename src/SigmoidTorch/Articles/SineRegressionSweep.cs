using SigmoidTorch.Fast;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Articles;

/// <summary>One network of a seed 001 sweep and how it ended.</summary>
/// <param name="LearningRate">Its learning rate.</param>
/// <param name="Seed">The seed of its starting weights.</param>
/// <param name="FinalLoss">Its last epoch's loss (NaN if it diverged).</param>
/// <param name="DivergedAtEpoch">The epoch (from 0) its loss became non-finite, or null.</param>
public sealed record SweepCell(double LearningRate, long Seed, double FinalLoss, int? DivergedAtEpoch);

/// <summary>
/// Seed 001's "things to try" as one sweep: the article's network and data (<see cref="SineRegression"/>), trained at
/// every learning rate × every seed of starting weights, all at once with <see cref="NetworkSweep"/>.
/// </summary>
public static class SineRegressionSweep
{
    /// <summary>Learning rates around the article's for the activation: ¼, ½, 1, 2 and 4 times it.</summary>
    public static double[] DefaultLearningRates(SineRegressionConfig config) =>
        new[] { 0.25, 0.5, 1, 2, 4 }.Select(f => f * SineRegression.ArticleLearningRate(config.Activation)).ToArray();

    /// <summary>Trains every (learning rate, seed) pair; cells come in the order rates × seeds.</summary>
    public static (List<SweepCell> Cells, double Seconds) Run(SineRegressionConfig config, IReadOnlyList<double> learningRates, IReadOnlyList<long> seeds,
                                                            ScalarType dtype, Device device, Action<int>? onEpoch = null)
    {
        if (learningRates.Count == 0 || seeds.Count == 0) throw new SigmoidTorchException("a sweep needs at least one learning rate and one seed");
        SineRegression.CheckSizes(config);
        NetworkSweep.CheckSize(ModelSpec.Network(1, config.Hidden, 1, config.Activation, null, config.Bias, false), config.PointCount,
            (long)learningRates.Count * seeds.Count, SineRegression.Options(config));
        using var scope = NewDisposeScope();
        var data = SineRegression.TrainingData(config, dtype, device);
        using var shape = SineRegression.CreateModel(config, ScalarType.Float64, CPU);
        var starts = seeds.ToDictionary(s => s, s => SineRegression.InitialWeights(shape, config.Init, s));
        var members = learningRates.SelectMany(lr => seeds.Select(s => new SweepMember($"lr {lr}, seed {s}", lr, starts[s]))).ToList();
        var result = NetworkSweep.Train(shape.Spec, data, members, SineRegression.Options(config), onEpoch);
        var cells = members.Select((m, i) => new SweepCell(m.LearningRate, seeds[i % seeds.Count],
            result.Diverged[i] is null ? result.Histories[i].FinalLoss : double.NaN, result.Diverged[i])).ToList();
        return (cells, result.Seconds);
    }
}

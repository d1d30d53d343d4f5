using static TorchSharp.torch;

namespace SigmoidTorch.Fast;

/// <summary>One network of a sweep: its learning rate and its starting weights (by state_dict name).</summary>
/// <param name="Label">A name for tables, e.g. "lr 0.45, seed 3".</param>
/// <param name="LearningRate">η of this network, in float64.</param>
/// <param name="Start">Its starting parameters by state_dict name.</param>
public sealed record SweepMember(string Label, double LearningRate, IReadOnlyDictionary<string, Tensor> Start);

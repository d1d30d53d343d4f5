namespace SigmoidTorch.Articles;

/// <summary>
/// How an article names and shapes a model's parameters (a checkpoint keeps them under their state_dict names:
/// <see cref="Data.Checkpoint"/>).
/// </summary>
public enum WeightLayout
{
    /// <summary>Seed 003: a bias-free neuron's weights as a column, <c>synapse_0</c> [n, 1].</summary>
    Synapse,

    /// <summary>Seeds 000 and 004: a neuron's <c>w</c> [n] and scalar <c>b</c>.</summary>
    WeightBias,

    /// <summary>
    /// Seed 001: <c>Wh</c> [(bias row) + in, hidden] and <c>Wz</c> [(bias row) + hidden, out], each with the bias
    /// as its first row when the layer has one (the column of ones the article prepends to its inputs).
    /// </summary>
    HiddenOutput,
}

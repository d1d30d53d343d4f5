namespace SigmoidTorch.Articles;

/// <summary>How a weights file names and shapes a model's parameters.</summary>
public enum WeightLayout
{
    /// <summary>The state_dict names and shapes (<c>linear.weight</c> [1, n], <c>hidden.weight</c> [hidden, in], ...).</summary>
    StateDict,

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

namespace SigmoidTorch.Articles.Seed001SineRegression;

/// <summary>How seed 001's network starts.</summary>
public enum WeightInit
{
    /// <summary>The article's: uniform in ±sqrt(2/fan_in), fan_in counting the bias unit (2 for the hidden layer, 5 for the output).</summary>
    Article,

    /// <summary>Glorot/Xavier uniform: ±sqrt(6/(fan_in + fan_out)).</summary>
    Xavier,

    /// <summary>TorchSharp's default for Linear layers: ±1/sqrt(fan_in).</summary>
    Torch,
}

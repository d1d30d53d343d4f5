namespace SigmoidTorch.Models;

/// <summary>The kinds of model this library writes backprop for by hand.</summary>
public enum ModelKind
{
    /// <summary>A sigmoid neuron, one Linear n → 1 and the sigmoid (<see cref="SigmoidNeuron"/>).</summary>
    Neuron,

    /// <summary>Linear–activation–Linear–activation (<see cref="TwoLayerNetwork"/>), the network of seed 001.</summary>
    TwoLayer,

    /// <summary>Linear layers of any sizes [n0, …, nL], L ≥ 1 (<see cref="DeepNetwork"/>), the network of Nielsen's chapters 1 and 2.</summary>
    Deep,
}

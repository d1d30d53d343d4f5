using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>The plain gradient-descent update, by hand: no momentum, no weight decay.</summary>
public static class GradientDescent
{
    /// <summary>θ ← θ − η·∂L/∂θ for every parameter, in place, with η in float64.</summary>
    public static void Apply(IEnumerable<ParameterGradient> gradients, double learningRate)
    {
        using var noAutograd = no_grad();
        foreach (var g in gradients)
            g.Parameter.sub_(g.Gradient * learningRate);
    }
}

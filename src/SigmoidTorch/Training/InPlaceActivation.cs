using SigmoidTorch.Functions;
using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>The activations of the catalogue, and their derivatives from the output, applied in place (for the fused steps).</summary>
internal static class InPlaceActivation
{
    // Made once: every conversion of a number to a Scalar is a native allocation.
    private static readonly Scalar MinusOne = (-1.0).ToScalar();

    /// <summary>a ← f(a).</summary>
    public static void Apply(Activation f, Tensor a)
    {
        switch (f.Name)
        {
            case "sigmoid": a.sigmoid_(); break;
            case "tanh": a.tanh_(); break;
            case "relu": a.relu_(); break;
            case "identity": break;
            default: throw new NotSupportedException($"no in-place form of {f.Name}");
        }
    }

    /// <summary>d ← d ⊙ f'(a), f' written from the output a as in <see cref="Activation"/>; a may be overwritten.</summary>
    public static void TimesDerivative(Activation f, Tensor d, Tensor a)
    {
        switch (f.Name)
        {
            case "sigmoid": d.mul_(a).addcmul_(d, a, MinusOne); break;   // d·a − d·a·a = d·a(1−a)
            case "tanh": d.addcmul_(d, a.mul_(a), MinusOne); break;      // d − d·a² = d·(1−a²)
            case "relu": d.mul_(a.sign_()); break;                 // d·[a > 0]  (a ≥ 0)
            case "identity": break;
            default: throw new NotSupportedException($"no in-place form of {f.Name}");
        }
    }
}

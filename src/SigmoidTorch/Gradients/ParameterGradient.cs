using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>A parameter of a model, its name in the model's state_dict, and ∂L/∂parameter.</summary>
/// <param name="Name">The state_dict name, e.g. <c>hidden.weight</c>.</param>
/// <param name="Parameter">The parameter tensor itself.</param>
/// <param name="Gradient">∂L/∂parameter, the parameter's shape.</param>
public sealed record ParameterGradient(string Name, Tensor Parameter, Tensor Gradient);

using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>
/// What one hand-written backward pass computed for a batch (X, Y): the output layer's logits Z, the prediction
/// Ŷ = g(Z), and ∂L/∂θ for every parameter θ, named and ordered as in the model's state_dict (as autograd leaves them in
/// <c>.grad</c>). Each model's pass also keeps the intermediate values of its equations, named as they are
/// (<see cref="NeuronPass"/>, <see cref="NetworkPass"/>, <see cref="DeepPass"/>): what GradCheck --explain prints.
/// </summary>
/// <param name="Logits">Z, the output layer before its activation.</param>
/// <param name="Prediction">Ŷ = g(Z).</param>
/// <param name="Gradients">∂L/∂θ by state_dict name, with the parameter θ.</param>
public abstract record BackwardPass(Tensor Logits, Tensor Prediction, IReadOnlyList<(string Name, Tensor Parameter, Tensor Gradient)> Gradients)
{
    /// <summary>The gradients named as in the state_dict, in the order given, leaving out the parameters a model does not have (a bias it was built without).</summary>
    public static IReadOnlyList<(string Name, Tensor Parameter, Tensor Gradient)> Named(params (string Name, Tensor? Parameter, Tensor? Gradient)[] gradients) =>
        gradients.Where(g => g.Parameter is not null).Select(g => (g.Name, g.Parameter!, g.Gradient!)).ToList();
}

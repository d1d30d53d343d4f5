using SigmoidTorch.Gradients;
using static TorchSharp.torch;

namespace SigmoidTorch.Cli;

/// <summary>
/// One hand-written backward pass as its equations, in the order the code computes them, each with the value it
/// produced: what GradCheck --explain prints. Each equation is written here as the comment of the line that computes it
/// in the gradient file <see cref="SourceOf"/> names (a test holds the two together), so the math files hold only math.
/// </summary>
public static class StepExplanation
{
    /// <summary>One computed value.</summary>
    /// <param name="Equation">The equation, as the comment of the line that computed it.</param>
    /// <param name="Layer">The layer l it was evaluated for, where one line runs once per layer (any depth); else null.</param>
    /// <param name="Value">The value.</param>
    public sealed record Line(string Equation, int? Layer, Tensor Value);

    /// <summary>The gradient file that computes a pass of this kind: NeuronBackprop.cs, NetworkBackprop.cs or DeepBackprop.cs.</summary>
    public static string SourceOf(BackwardPass pass) => pass switch
    {
        NeuronPass => "NeuronBackprop.cs",
        NetworkPass => "NetworkBackprop.cs",
        DeepPass => "DeepBackprop.cs",
        _ => throw new ArgumentException($"no explanation of a {pass?.GetType().Name}", nameof(pass)),
    };

    /// <summary>Every value of <paramref name="pass"/> with its equation, in the order the code computes them; a bias the model lacks has none.</summary>
    public static IReadOnlyList<Line> Of(BackwardPass pass) => pass switch
    {
        NeuronPass p => Lines(null,
            ("z = X·wᵀ + b", p.Z), ("ŷ = σ(z)", p.Yhat), ("∂L/∂ŷ", p.dL_dYhat), ("δ = ∂L/∂z = ∂L/∂ŷ ⊙ ŷ(1−ŷ)", p.Delta),
            ("∂L/∂w = δᵀ·X", p.dL_dw), ("∂L/∂b = Σₙ δ", p.dL_db)),
        NetworkPass p => Lines(null,
            ("Z1 = X·W1ᵀ + b1", p.Z1), ("H = f(Z1)", p.H), ("Z2 = H·W2ᵀ + b2", p.Z2), ("Ŷ = g(Z2)", p.Yhat),
            ("∂L/∂Ŷ", p.dL_dYhat), ("δ2 = ∂L/∂Z2 = ∂L/∂Ŷ ⊙ g'(Z2)", p.Delta2), ("∂L/∂W2 = δ2ᵀ·H", p.dL_dW2),
            ("δ1 = ∂L/∂Z1 = (δ2·W2) ⊙ f'(Z1)", p.Delta1), ("∂L/∂W1 = δ1ᵀ·X", p.dL_dW1), ("∂L/∂b1 = Σₙ δ1", p.dL_db1), ("∂L/∂b2 = Σₙ δ2", p.dL_db2)),
        DeepPass p => Deep(p),
        _ => throw new ArgumentException($"no explanation of a {pass?.GetType().Name}", nameof(pass)),
    };

    // Forward through the layers, BP1 at the top, then down again: BP2, BP4 and BP3 for each layer.
    private static List<Line> Deep(DeepPass p)
    {
        int L = p.Depth;
        var lines = new List<Line>();
        for (int l = 1; l <= L; l++)
            lines.AddRange(Lines(l, ("Zˡ = Aˡ⁻¹·Wˡᵀ + bˡ", p.Z[l]), ("Aˡ = f(Zˡ); Ŷ = Aᴸ = g(Zᴸ)", p.A[l])));
        lines.AddRange(p.dL_dYhat is null
            ? Lines(L, ("BP1 δᴸ = (Ŷ − Y)/m: g' cancels the loss's 1/ŷ", p.Delta[L]))
            : Lines(L, ("∂L/∂Ŷ", p.dL_dYhat), ("BP1 δᴸ = ∂L/∂Ŷ ⊙ g'(Zᴸ) (softmax: times its Jacobian)", p.Delta[L])));
        for (int l = L; l >= 1; l--)
            lines.AddRange(Lines(l, ("BP2 δˡ = (δˡ⁺¹·Wˡ⁺¹) ⊙ f'(Zˡ)", l < L ? p.Delta[l] : null), ("BP4 ∂L/∂Wˡ = δˡᵀ·Aˡ⁻¹", p.dL_dW[l]), ("BP3 ∂L/∂bˡ = Σₙ δˡ", p.dL_db[l])));
        return lines;
    }

    private static List<Line> Lines(int? layer, params (string Equation, Tensor? Value)[] values) =>
        values.Where(v => v.Value is not null).Select(v => new Line(v.Equation, layer, v.Value!)).ToList();
}

using SigmoidTorch.Functions;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// A layer SigmoidTorch does not have, written the way a user writes one: layer normalisation with a learnable gain γ
/// and shift β, y = γ ⊙ x̂ + β with x̂ = (x − μ)/σ, where μ and σ² are the mean and variance of each row's features
/// and σ = √(σ² + ε). Its forward is ordinary TorchSharp; its backward is written by hand.
/// </summary>
internal sealed class LayerNormByHand : nn.Module<Tensor, Tensor>
{
    private const double Epsilon = 1e-5;

    private readonly Parameter gamma;
    private readonly Parameter beta;

    public LayerNormByHand(int features, ScalarType dtype, Device device) : base(nameof(LayerNormByHand))
    {
        gamma = nn.Parameter(ones(features, dtype: dtype, device: device));
        beta = nn.Parameter(zeros(features, dtype: dtype, device: device));
        RegisterComponents();
    }

    /// <summary>γ, the gain of each feature.</summary>
    public Tensor Gamma => gamma;

    /// <summary>β, the shift of each feature.</summary>
    public Tensor Beta => beta;

    public override Tensor forward(Tensor x)
    {
        var (xhat, _) = Normalise(x);
        return (xhat * gamma).Plus(beta);                                      // y = γ ⊙ x̂ + β
    }

    /// <summary>
    /// ∂L/∂x, ∂L/∂γ and ∂L/∂β from ∂L/∂y. With <paramref name="sigmaConstant"/> it makes the classic mistake: it treats
    /// σ as a constant, forgetting that σ depends on x too (the last term of ∂L/∂x).
    /// </summary>
    public (Tensor dL_dx, Tensor dL_dgamma, Tensor dL_dbeta) Backward(Tensor x, Tensor dL_dy, bool sigmaConstant = false)
    {
        using var noGrad = no_grad();
        var (xhat, sigma) = Normalise(x);
        var dL_dgamma = (dL_dy * xhat).sum(dim: 0);                              // ∂L/∂γ = Σₙ ∂L/∂y ⊙ x̂
        var dL_dbeta = dL_dy.sum(dim: 0);                                        // ∂L/∂β = Σₙ ∂L/∂y
        var dL_dxhat = dL_dy * gamma;                                            // ∂L/∂x̂ = ∂L/∂y ⊙ γ
        var centred = dL_dxhat - dL_dxhat.mean([1], keepdim: true);             // ∂L/∂x̂ − mean(∂L/∂x̂): μ depends on x
        var dL_dx = sigmaConstant
            ? centred / sigma                                                    // the mistake: as if σ did not depend on x
            : (centred - xhat * (dL_dxhat * xhat).mean([1], keepdim: true)) / sigma;   // ∂L/∂x = (∂L/∂x̂ − mean(∂L/∂x̂) − x̂·mean(∂L/∂x̂ ⊙ x̂)) / σ
        return (dL_dx, dL_dgamma, dL_dbeta);
    }

    // x̂ = (x − μ)/σ and σ = √(σ² + ε), over each row.
    private static (Tensor Xhat, Tensor Sigma) Normalise(Tensor x)
    {
        var centred = x - x.mean([1], keepdim: true);                           // x − μ
        var sigma = (centred * centred).mean([1], keepdim: true).Plus(Epsilon).sqrt();   // σ = √(mean((x − μ)²) + ε)
        return (centred / sigma, sigma);
    }
}

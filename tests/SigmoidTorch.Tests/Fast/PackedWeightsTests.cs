using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Fast;

public class PackedWeightsTests
{
    /// <summary>[1 X]·[b; Wᵀ] = X·Wᵀ + b, and unpacking gives W and b back bit for bit, with and without a bias.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PackingIsTheAffineMapAndUnpacksExactly(bool bias)
    {
        using var scope = NewDisposeScope();
        var w = rand(3, 4, dtype: ScalarType.Float64).Minus(0.5);    // [out, in]
        var b = bias ? rand(3, dtype: ScalarType.Float64) : null;
        var x = rand(5, 4, dtype: ScalarType.Float64);

        var packed = PackedWeights.Pack(w, b);
        Assert.Equal(new long[] { 4 + (bias ? 1 : 0), 3 }, packed.shape);
        var affine = b is null ? x.mm(w.t()) : x.mm(w.t()).Plus(b);
        Assert.True(PackedWeights.WithOnes(x, bias).mm(packed).allclose(affine, rtol: 1e-14, atol: 1e-15));

        var (w2, b2) = PackedWeights.Unpack(packed, bias);
        Assert.True(w2.eq(w).all().item<bool>());
        Assert.Equal(bias, b2 is not null);
        if (b is not null) Assert.True(b2!.eq(b).all().item<bool>());
    }

    /// <summary>K layers side by side: column block k is layer k's [b; Wᵀ], so one product gives every layer's affine map; unpacking is exact.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LayersSideBySideAreEachLayersPackingInItsBlock(bool bias)
    {
        using var scope = NewDisposeScope();
        var w = rand(4, 3, 2, dtype: ScalarType.Float64).Minus(0.5);  // K = 4 layers of [out 3, in 2]
        var b = bias ? rand(4, 3, dtype: ScalarType.Float64) : null;
        var x = rand(5, 2, dtype: ScalarType.Float64);

        var packed = PackedWeights.PackSideBySide(w, b);
        Assert.Equal(new long[] { 2 + (bias ? 1 : 0), 4 * 3 }, packed.shape);
        var all = PackedWeights.WithOnes(x, bias).mm(packed);
        for (int k = 0; k < 4; k++)
        {
            Assert.True(packed.narrow(1, 3 * k, 3).eq(PackedWeights.Pack(w[k], b?[k])).all().item<bool>(), $"block {k}");
            var affine = b is null ? x.mm(w[k].t()) : x.mm(w[k].t()).Plus(b[k]);
            Assert.True(all.narrow(1, 3 * k, 3).allclose(affine, rtol: 1e-14, atol: 1e-15), $"layer {k}'s map");
            var (wk, bk) = PackedWeights.UnpackSideBySide(packed, k, 3, bias);
            Assert.True(wk.eq(w[k]).all().item<bool>());
            Assert.Equal(bias, bk is not null);
            if (b is not null) Assert.True(bk!.eq(b[k]).all().item<bool>());
        }
    }
}

using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using static TorchSharp.torch;

namespace SigmoidTorch.Fast;

/// <summary>
/// The hand-written step of <see cref="Gradients.NetworkBackprop"/>, rewritten for speed with the same equations:
/// the weights live packed as the article keeps them (Wh = [b1; W1ᵀ], Wz = [b2; W2ᵀ], <see cref="PackedWeights"/>),
/// every value is computed in place into buffers made once, the learning rate is folded into δ2 in float64 (never
/// through addmm's float32 alpha), and each weight update is one fused <c>addmm_</c>. About fifteen tensor operations
/// a step instead of some forty. Tested against the readable step.
/// </summary>
public sealed class FusedNetworkStep : IBufferedStep
{
    private readonly TwoLayerNetwork net;
    private readonly InPlaceActivation f, g;
    private readonly Loss loss;
    private readonly Loss reported;
    private readonly double learningRate;
    private readonly Tensor wh, wz;      // [(1) + in, hidden], [(1) + hidden, out]
    private readonly Tensor w1, w2;      // views of them: W1 [hidden, in], W2 [out, hidden]
    private readonly Tensor? b1, b2;     // views of their bias rows
    private readonly Dictionary<long, Buffers> buffers = new();
    private readonly Dictionary<Tensor, Batch> batches = new(ReferenceEqualityComparer.Instance);
    private IReadOnlyList<(Tensor X, Tensor Y)>? preparedFor;

    /// <summary>Creates the step for <paramref name="net"/>: it follows <paramref name="loss"/> with η = <paramref name="learningRate"/> and reports <paramref name="reported"/>.</summary>
    public FusedNetworkStep(TwoLayerNetwork net, Loss loss, Loss reported, double learningRate)
    {
        (this.net, this.loss, this.reported, this.learningRate) = (net, loss, reported, learningRate);
        (f, g) = (InPlaceActivation.For(net.Activation), InPlaceActivation.For(net.OutputActivation));
        // Built outside no_grad (from detached values): in-place updates of views made under no_grad are forbidden later.
        wh = PackedWeights.Pack(net.W1.detach(), net.B1?.detach()).contiguous().clone().DetachFromDisposeScope();
        wz = PackedWeights.Pack(net.W2.detach(), net.B2?.detach()).contiguous().clone().DetachFromDisposeScope();
        (w1, b1) = PackedWeights.Unpack(wh, net.B1 is not null);
        (w2, b2) = PackedWeights.Unpack(wz, net.B2 is not null);
        foreach (var view in new[] { w1, w2, b1, b2 }) view?.DetachFromDisposeScope();
        Parameters = new[] { wh, wz };
    }

    /// <summary>The packed weights Wh and Wz.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <inheritdoc />
    public void Prepare(IReadOnlyList<(Tensor X, Tensor Y)> batches)
    {
        if (ReferenceEquals(batches, preparedFor)) return;
        DisposeBatches();
        foreach (var (x, _) in batches)
        {
            var xa = PackedWeights.WithOnes(x, net.B1 is not null).DetachFromDisposeScope();   // Xa = [1 X]
            this.batches[x] = new Batch(xa, xa.t().DetachFromDisposeScope(), BuffersFor(x.shape[0]));
        }
        preparedFor = batches;
    }

    /// <inheritdoc />
    public void Step(Tensor x, Tensor y, Tensor reportedLoss)
    {
        // No autograd guard needed: nothing here requires grad (the packed weights are detached copies).
        if (!batches.TryGetValue(x, out var batch))
            throw new InvalidOperationException("the fused step takes only the batches it prepared (call Prepare with the epoch's batches first)");
        var (xa, xaT, b) = batch;
        b.H.addmm_(xa, wh, beta: 0, alpha: 1);                 // H = f(Xa·Wh)          (= f(X·W1ᵀ + b1))
        f.Apply(b.H);
        b.Z.addmm_(b.Ha, wz, beta: 0, alpha: 1);               // Ŷ = g(Ha·Wz)          (= g(H·W2ᵀ + b2))
        g.Apply(b.Z);
        b.E.copy_(b.Z).sub_(y);                                // E = Ŷ − Y
        reportedLoss.addmm_(b.ERow, b.ECol, beta: 0, alpha: 1); // ΣE² (scaled to the reported loss below)
        if (b.ReportScale is { } reportScale) reportedLoss.mul_(reportScale);
        b.E.mul_(b.StepScale);                                 // η·∂L/∂Ŷ = η·c·E        (c = 1, 2 or 2/n)
        g.TimesDerivative(b.E, b.Z);                           // η·δ2 = η·∂L/∂Ŷ ⊙ g'(Ŷ)
        b.G.addmm_(b.E, w2, beta: 0, alpha: 1);                // η·δ2·W2
        wz.addmm_(b.HaT, b.E, beta: 1, alpha: -1);             // Wz −= Haᵀ·(η·δ2)      (W2 −= η·δ2ᵀ·H, b2 −= η·Σδ2)
        f.TimesDerivative(b.G, b.H);                           // η·δ1 = η·(δ2·W2) ⊙ f'(H)
        wh.addmm_(xaT, b.G, beta: 1, alpha: -1);               // Wh −= Xaᵀ·(η·δ1)      (W1 −= η·δ1ᵀ·X, b1 −= η·Σδ1)
    }

    /// <inheritdoc />
    public void SyncModel()
    {
        using var noGrad = no_grad();
        net.W1.copy_(w1);
        net.B1?.copy_(b1!);
        net.W2.copy_(w2);
        net.B2?.copy_(b2!);
    }

    /// <summary>Frees the packed weights and buffers.</summary>
    public void Dispose()
    {
        DisposeBatches();
        foreach (var b in buffers.Values)
        {
            foreach (var t in new[] { b.Ha, b.H, b.HaT, b.Z, b.E, b.ERow, b.ECol, b.G, b.StepScale }) t.Dispose();
            b.ReportScale?.Dispose();
        }
        foreach (var t in new[] { wh, wz, w1, w2, b1, b2 }) t?.Dispose();
    }

    private void DisposeBatches()
    {
        foreach (var batch in batches.Values) { batch.Xa.Dispose(); batch.XaT.Dispose(); }
        batches.Clear();
    }

    private Buffers BuffersFor(long rows)
    {
        if (buffers.TryGetValue(rows, out var b)) return b;
        var (dtype, device) = (wh.dtype, wh.device);
        long hidden = wh.shape[1], outputs = wz.shape[1], n = rows * outputs;
        var ha = (net.B2 is null ? empty(rows, hidden, dtype: dtype, device: device) : ones(rows, hidden + 1, dtype: dtype, device: device)).DetachFromDisposeScope();
        var h = (net.B2 is null ? ha.alias() : ha.narrow(1, 1, hidden)).DetachFromDisposeScope();
        var z = empty(rows, outputs, dtype: dtype, device: device).DetachFromDisposeScope();
        var e = empty(rows, outputs, dtype: dtype, device: device).DetachFromDisposeScope();
        var grad = empty(rows, hidden, dtype: dtype, device: device).DetachFromDisposeScope();
        double gradientScale = 2 * loss.SquaredErrorScale(n);
        double reportScale = reported.SquaredErrorScale(n);
        // The scales are 0-d tensors of the weights' dtype, made once: mul_ by a tensor costs half of mul_ by a Scalar.
        Tensor Scale(double value) => tensor(value, dtype: dtype, device: device).DetachFromDisposeScope();
        b = new Buffers(ha, h, ha.t().DetachFromDisposeScope(), z, e, e.view(1, n).DetachFromDisposeScope(), e.view(n, 1).DetachFromDisposeScope(), grad,
                        Scale(gradientScale * learningRate), reportScale == 1 ? null : Scale(reportScale));
        buffers[rows] = b;
        return b;
    }

    private sealed record Batch(Tensor Xa, Tensor XaT, Buffers Buffers);

    private sealed record Buffers(Tensor Ha, Tensor H, Tensor HaT, Tensor Z, Tensor E, Tensor ERow, Tensor ECol, Tensor G, Tensor StepScale, Tensor? ReportScale);
}

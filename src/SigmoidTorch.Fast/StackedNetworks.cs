using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Fast;

/// <summary>
/// K two-layer networks of one architecture as stacked tensors, and the step of all of them at once (the sweep's maths;
/// <see cref="NetworkSweep"/> runs the loop). Every tensor operation covers all K networks, so a step issues the same
/// operations (one kernel each on a GPU) whatever K is. The networks share their inputs, so their first layers are one
/// matrix product, Xa·[Wh₁ | Wh₂ | … | Wh_K] with Wh_k = [b1; W1ᵀ] of network k (<see cref="PackedWeights.PackSideBySide"/>);
/// their second layers are batched products over k (bmm) with W2 kept as [K, out, hidden]. Each step adds every
/// network's weighted squared errors to a running sum on the device, read once an epoch by <see cref="TakeEpochLosses"/>:
/// nothing is copied to the host during training.
/// </summary>
internal sealed class StackedNetworks : IDisposable
{
    private readonly NetworkSpec spec;
    private readonly Activation f, g;
    private readonly InPlaceActivation fInPlace, gInPlace;
    private readonly Loss loss;
    private readonly bool autograd;
    private readonly int k;
    private readonly Tensor wh;      // [(1) + in, K·hidden]: column block k is network k's Wh = [b1; W1ᵀ]
    private readonly Tensor w2;      // [K, out, hidden]: W2 of each network
    private readonly Tensor? b2;     // [K, 1, out]: b2 of each network
    private readonly Tensor rates;   // [K, 1, 1]: η_k
    private readonly Tensor sums;    // [K, most rows, out]: Σ over this epoch's steps of w_b·E² (w_b: the batch's reported-loss scale / batches)
    private readonly Tensor sumsFlat, onesSums;   // sums as [K, rows·out], and a column of ones to sum its rows
    private readonly Dictionary<long, Buffers> buffers = new();
    private readonly List<Scalar> scalars = new();   // the batches' loss weights and the one below: disposed with the networks
    private readonly Scalar one;                      // the alpha of 1 of z.add_(b2)

    /// <summary>
    /// Stacks the members' starting weights (each checked against <paramref name="spec"/>) in <paramref name="dtype"/>
    /// on <paramref name="device"/>, for batches of at most <paramref name="maxRows"/> rows; its tensors live in the
    /// caller's dispose scope.
    /// </summary>
    public StackedNetworks(NetworkSpec spec, IReadOnlyList<SweepMember> members, TrainingOptions options, long maxRows, ScalarType dtype, Device device)
    {
        this.spec = spec;
        scalars.Add(1.ToScalar());
        one = scalars[^1];
        (f, g) = (spec.Activation, spec.OutputActivation);
        (fInPlace, gInPlace) = (InPlaceActivation.For(f), InPlaceActivation.For(g));
        loss = options.Loss;
        autograd = options.Trainer == TrainerKind.Autograd;
        k = members.Count;
        using (var template = spec.Build(ScalarType.Float64, CPU))
        {
            var names = template.named_parameters().Select(p => p.name).ToArray();
            foreach (var m in members)
            {
                try
                {
                    template.CheckParameters(m.Start);
                }
                catch (SigmoidTorchException e)
                {
                    throw new SigmoidTorchException($"sweep member '{m.Label}': {e.Message}");
                }
            }
            Tensor Stacked(string name) => stack(members.Select(m => m.Start[name].detach().to(ScalarType.Float64, CPU)).ToArray());
            int next = 0;
            var w1s = Stacked(names[next++]);
            var b1s = spec.HiddenBias ? Stacked(names[next++]) : null;
            var w2s = Stacked(names[next++]);
            var b2s = spec.OutputBias ? Stacked(names[next]) : null;
            wh = PackedWeights.PackSideBySide(w1s, b1s).to(dtype, device).contiguous();
            w2 = w2s.to(dtype, device).contiguous();
            b2 = b2s?.view(k, 1, spec.Outputs).to(dtype, device).contiguous();
        }
        rates = tensor(members.Select(m => m.LearningRate).ToArray(), dtype: ScalarType.Float64).view(k, 1, 1).to(dtype, device);
        sums = zeros(new long[] { k, maxRows, spec.Outputs }, dtype: dtype, device: device);
        sumsFlat = sums.view(k, -1);
        onesSums = ones(maxRows * spec.Outputs, 1, dtype: dtype, device: device);
        if (autograd)
            foreach (var p in Parameters()) p.requires_grad_(true);
    }

    private Tensor[] Parameters() => b2 is null ? new[] { wh, w2 } : new[] { wh, w2, b2 };

    /// <summary>
    /// The batches made ready for <see cref="Step"/>: inputs with their column of ones, targets shaped to meet all K
    /// networks, and each batch's weight w_b in the epoch loss (<paramref name="reported"/>'s scale over the number of batches).
    /// </summary>
    public IReadOnlyList<StackedBatch> Prepare(IReadOnlyList<(Tensor X, Tensor Y)> batches, Loss reported)
    {
        return batches.Select(b =>
        {
            var xa = PackedWeights.WithOnes(b.X, spec.HiddenBias);
            scalars.Add((reported.SquaredErrorScale(b.Y.shape[0], b.Y.shape[1]) / batches.Count).ToScalar());
            var weight = scalars[^1];
            BuffersFor(b.X.shape[0]);
            return new StackedBatch(xa, xa.t(), b.Y.unsqueeze(0), weight);
        }).ToList();
    }

    /// <summary>One step of every network on <paramref name="batch"/>; adds w_b·E² of each network (before the update) to the running sums.</summary>
    public void Step(StackedBatch batch)
    {
        if (autograd) StepByAutograd(batch);
        else StepByHand(batch);
    }

    /// <summary>
    /// Writes into <paramref name="into"/> ([K]) each network's loss since the last call (Σ of w_b·ΣE² over the steps: the
    /// epoch loss after an epoch) and starts the sums again: two operations, on the device.
    /// </summary>
    public void TakeEpochLosses(Tensor into)
    {
        into.view(k, 1).addmm_(sumsFlat, onesSums, beta: 0, alpha: 1);
        sums.zero_();
    }

    // The equations of NetworkBackprop for all K networks at once, with η_k folded into δ2 (as FusedNetworkStep does).
    // 15 operations for sigmoid layers without an output bias (the sweep of seed 001), whatever K is.
    private void StepByHand(StackedBatch batch)
    {
        using var noGrad = no_grad();
        var b = buffers[batch.Xa.shape[0]];
        b.H.addmm_(batch.Xa, wh, beta: 0, alpha: 1);                  // H_k = f(Xa·Wh_k), all k in one product      [rows, K·hidden]
        fInPlace.Apply(b.H);
        var z = b.Hk.bmm(b.W2T);                                       // Z2_k = H_k·W2_kᵀ (+ b2_k)                  [K, rows, out]
        if (b2 is not null) z.add_(b2, one);                           // (TorchSharp 0.107's baddbmm passes its arguments in the wrong order)
        gInPlace.Apply(z);                                             // Ŷ_k = g(Z2_k)
        var e = z.sub(batch.Y);                                        // E_k = Ŷ_k − Y
        b.Sums.addcmul_(e, e, batch.LossWeight);                       // Σ w_b·E_k² (summed over rows and outputs once an epoch)
        gInPlace.TimesDerivative(e, z);                                // δ2_k = E_k ⊙ g'(Ŷ_k)
        e.mul_(b.StepScale);                                           // η_k·∂L/∂Z2_k = 2s·η_k·δ2_k  (∂L/∂Ŷ = 2s·E)
        var g1 = e.bmm(w2);                                            // (η_k·δ2_k)·W2_k, before W2 changes          [K, rows, hidden]
        w2.sub_(e.transpose(1, 2).bmm(b.Hk));                          // W2_k −= (η_k·δ2_k)ᵀ·H_k
        b2?.sub_(e.sum(1, keepdim: true));                             // b2_k −= Σₙ η_k·δ2_k
        fInPlace.ToDerivative(b.H);                                    // f'(H_k), in place of H_k
        b.H3.mul_(g1.transpose(0, 1));                                 // η_k·δ1_k = (η_k·δ2_k·W2_k) ⊙ f'(H_k)        [rows, K·hidden]
        wh.addmm_(batch.XaT, b.H, beta: 1, alpha: -1);                 // Wh_k −= Xaᵀ·(η_k·δ1_k), all k in one product
    }

    private void StepByAutograd(StackedBatch batch)
    {
        foreach (var p in Parameters()) p.grad?.zero_();
        var b = buffers[batch.Xa.shape[0]];
        long rows = batch.Xa.shape[0];
        var hk = f.Apply(batch.Xa.mm(wh)).view(rows, k, spec.Hidden).transpose(0, 1);
        var z = b2 is null ? hk.bmm(w2.transpose(1, 2)) : hk.bmm(w2.transpose(1, 2)).Plus(b2);
        var e = g.Apply(z) - batch.Y;                                  // [K, rows, out]
        // Σ_k η_k·L_k: its gradient with respect to network k's weights is η_k·∇L_k, so a step of SGD with lr 1 is each network's own SGD step.
        (e.Squared() * b.AutogradWeights).sum().backward();
        using var noGrad = no_grad();
        foreach (var p in Parameters()) p.sub_(p.grad!);
        var error = e.detach();
        b.Sums.addcmul_(error, error, batch.LossWeight);
    }

    private void BuffersFor(long rows)
    {
        if (buffers.ContainsKey(rows)) return;
        var (dtype, device) = (wh.dtype, wh.device);
        var h = empty(rows, k * spec.Hidden, dtype: dtype, device: device);
        double s = 2 * loss.SquaredErrorScale(rows, spec.Outputs);
        buffers[rows] = new Buffers(h, h.view(rows, k, spec.Hidden), h.view(rows, k, spec.Hidden).transpose(0, 1), w2.transpose(1, 2),
                                    sums.narrow(1, 0, rows), rates.Times(s), rates.Times(s / 2));
    }

    /// <summary>The networks' current parameters, copied to the CPU in float64 and kept stacked (<see cref="SweepWeights"/>).</summary>
    public SweepWeights Weights(BackpropModel template)
    {
        using var noGrad = no_grad();
        Tensor Copy(Tensor t) => t.detach().to(ScalarType.Float64, CPU).clone().DetachFromDisposeScope();
        return new SweepWeights(template.named_parameters().Select(p => p.name).ToArray(), spec, k, Copy(wh), Copy(w2), b2 is null ? null : Copy(b2.view(k, -1)));
    }

    /// <summary>Frees the Scalars (the batches' loss weights, the alpha of 1); the tensors belong to the caller's dispose scope.</summary>
    public void Dispose()
    {
        foreach (var s in scalars) s.Dispose();
        scalars.Clear();
    }

    // H and its views: H3 [rows, K, hidden], Hk [K, rows, hidden]; W2T [K, hidden, out] (a view of W2); the running sums of
    // these rows; StepScale = 2s·η_k and AutogradWeights = s·η_k ([K, 1, 1]) for batches of this many rows.
    private sealed record Buffers(Tensor H, Tensor H3, Tensor Hk, Tensor W2T, Tensor Sums, Tensor StepScale, Tensor AutogradWeights);
}

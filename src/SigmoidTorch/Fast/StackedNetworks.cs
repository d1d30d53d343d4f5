using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using static TorchSharp.torch;

namespace SigmoidTorch.Fast;

/// <summary>
/// K two-layer networks of one architecture as stacked tensors, so that no product runs per network, and the step of
/// all of them at once (the sweep's maths; <see cref="NetworkSweep"/> runs the loop). The networks share their inputs,
/// so their first layers are one matrix product, Xa·[Wh₁ | Wh₂ | … | Wh_K] with Wh_k = [b1; W1ᵀ] of network k
/// (<see cref="PackedWeights"/>); W2 is kept as [K, out, hidden] and the second layers are elementwise products
/// summed over the hidden units. Manual steps work in place in buffers made once.
/// </summary>
internal sealed class StackedNetworks
{
    private readonly ModelSpec spec;
    private readonly Activation f, g;
    private readonly InPlaceActivation fInPlace, gInPlace;
    private readonly Loss loss;
    private readonly bool autograd;
    private readonly int k;
    private readonly Tensor whCat;   // [(1) + in, K·hidden]: column block k is network k's Wh = [b1; W1ᵀ]
    private readonly Tensor w2;      // [K, out, hidden]: W2 of each network
    private readonly Tensor? b2;     // [K, out]
    private readonly Tensor rates;   // [K, 1]: η_k
    private readonly Dictionary<long, Buffers> buffers = new();

    /// <summary>Stacks the members' starting weights, in <paramref name="dtype"/> on <paramref name="device"/>; its tensors live in the caller's dispose scope.</summary>
    public StackedNetworks(ModelSpec spec, IReadOnlyList<SweepMember> members, TrainingOptions options, ScalarType dtype, Device device)
    {
        this.spec = spec;
        (f, g) = (spec.Activation, spec.OutputActivation);
        (fInPlace, gInPlace) = (InPlaceActivation.For(f), InPlaceActivation.For(g));
        loss = options.Loss;
        autograd = options.Trainer == TrainerKind.Autograd;
        k = members.Count;
        var nets = members.Select(m =>
        {
            var net = (TwoLayerNetwork)spec.Build(ScalarType.Float64, CPU);
            net.SetParameters(m.Start);
            return net;
        }).ToList();
        using (no_grad())
        {
            whCat = cat(nets.Select(n => PackedWeights.Pack(n.W1, n.B1)).ToArray(), 1).to(dtype, device).detach().clone();
            w2 = stack(nets.Select(n => n.W2).ToArray()).to(dtype, device).detach().clone();
            b2 = spec.OutputBias ? stack(nets.Select(n => n.B2!).ToArray()).to(dtype, device).detach().clone() : null;
        }
        nets.ForEach(n => n.Dispose());
        rates = tensor(members.Select(m => m.LearningRate).ToArray(), dtype: ScalarType.Float64).reshape(k, 1).to(dtype, device);
        if (autograd)
            foreach (var p in Parameters()) p.requires_grad_(true);
    }

    private Tensor[] Parameters() => b2 is null ? new[] { whCat, w2 } : new[] { whCat, w2, b2 };

    /// <summary>
    /// One step of every network on the batch; writes into <paramref name="loss"/> ([1, K·out]) each network's
    /// Σₙ(Ŷ−Y)² per output, before the update.
    /// </summary>
    public void Step(Tensor xa, Tensor xaT, Tensor y, Tensor loss)
    {
        if (autograd) loss.copy_(StepByAutograd(xa, y).view(1, -1));
        else StepByHand(xa, xaT, y, loss);
    }

    // The equations of NetworkBackprop for all K networks at once, with η_k folded into δ2 (as FusedNetworkStep does).
    private void StepByHand(Tensor xa, Tensor xaT, Tensor y, Tensor loss)
    {
        using var noGrad = no_grad();
        var b = BuffersFor(xa.shape[0]);
        b.H.addmm_(xa, whCat, beta: 0, alpha: 1);                      // H_k = f(Xa·Wh_k), all k in one product
        fInPlace.Apply(b.H);
        var z = (b.H4 * w2).view(-1, spec.Hidden).mm(b.OnesHidden).view(b.OutShape);   // Z2_k = H_k·W2_kᵀ  (products, summed over j by one product)
        if (b2 is not null) z.add_(b2);                                //        + b2_k
        gInPlace.Apply(z);                                             // Ŷ_k = g(Z2_k)
        b.E.copy_(z).sub_(y.unsqueeze(1));                             // E_k = Ŷ_k − Y
        b.E2.copy_(b.E).mul_(b.E);
        loss.addmm_(b.Ones, b.E2Flat, beta: 0, alpha: 1);              // Σₙ E_k² (summed over the outputs when the sweep reads it)
        gInPlace.TimesDerivative(b.E, z);                              // δ2_k = ∂L/∂Ŷ_k ⊙ g'(Ŷ_k), ∂L/∂Ŷ_k = 2s·E_k
        b.E.mul_(b.StepScale);                                         // η_k·δ2_k  (StepScale = 2s·η_k)
        var products = b.E4 * w2;                                      // (η_k·δ2_k)[n, o]·W2_k[o, j]
        var g1 = spec.Outputs == 1 ? products.view(b.HiddenShape) : products.sum(dim: 2);   // η_k·δ2_k·W2_k
        w2.view(1, -1).addmm_(b.Ones, (b.E4 * b.H4).view(b.Rows, -1), beta: 1, alpha: -1);   // W2_k −= (η_k·δ2_k)ᵀ·H_k
        b2?.view(1, -1).addmm_(b.Ones, b.E.view(b.Rows, -1), beta: 1, alpha: -1);            // b2_k −= Σₙ η_k·δ2_k
        fInPlace.TimesDerivative(g1, b.H3);                            // η_k·δ1_k = η_k·(δ2_k·W2_k) ⊙ f'(H_k)
        whCat.addmm_(xaT, g1.view(b.Rows, -1), beta: 1, alpha: -1);   // Wh_k −= Xaᵀ·(η_k·δ1_k), all k in one product
    }

    private Tensor StepByAutograd(Tensor xa, Tensor y)
    {
        foreach (var p in Parameters()) p.grad?.zero_();
        long rows = xa.shape[0];
        var h = f.Apply(xa.mm(whCat)).view(rows, k, 1, spec.Hidden);
        var z = (h * w2).sum(dim: 3);
        if (b2 is not null) z = z + b2;
        var yhat = g.Apply(z);                                         // [rows, K, out]
        var squares = (yhat - y.view(rows, 1, -1)).square().sum(dim: 0);      // [K, out]
        // Σ_k η_k·L_k: its gradient with respect to network k's weights is η_k·∇L_k, so a step of SGD with lr 1 is each network's own SGD step.
        (squares.sum(dim: 1) * loss.SquaredErrorScale(rows, y.shape[1]) * rates.view(-1)).sum().backward();
        using var noGrad = no_grad();
        foreach (var p in Parameters()) p.sub_(p.grad!);
        return squares.detach();
    }

    private Buffers BuffersFor(long rows)
    {
        long outputs = spec.Outputs;
        if (buffers.TryGetValue(rows, out var b)) return b;
        var (dtype, device) = (whCat.dtype, whCat.device);
        Tensor Keep(Tensor t) => t.MoveToOuterDisposeScope();   // out of the step's scope, into the sweep's
        var h = Keep(empty(rows, k * spec.Hidden, dtype: dtype, device: device));
        var e = Keep(empty(rows, k, outputs, dtype: dtype, device: device));
        var e2 = Keep(empty(rows, k, outputs, dtype: dtype, device: device));
        b = new Buffers(h, Keep(h.view(rows, k, spec.Hidden)), Keep(h.view(rows, k, 1, spec.Hidden)), e, Keep(e.view(rows, k, outputs, 1)),
                        e2, Keep(e2.view(rows, -1)), Keep(ones(1, rows, dtype: dtype, device: device)), Keep(ones(spec.Hidden, 1, dtype: dtype, device: device)),
                        Keep(rates.view(1, k, 1) * (2 * loss.SquaredErrorScale(rows, outputs))),
                        rows, new[] { rows, k, outputs }, new[] { rows, k, (long)spec.Hidden });
        buffers[rows] = b;
        return b;
    }

    // Shapes are kept as arrays: reading a tensor's shape is a native call.
    private sealed record Buffers(Tensor H, Tensor H3, Tensor H4, Tensor E, Tensor E4, Tensor E2, Tensor E2Flat, Tensor Ones, Tensor OnesHidden, Tensor StepScale,
                                  long Rows, long[] OutShape, long[] HiddenShape);

    /// <summary>Each network's parameters by state_dict name (CPU, float64).</summary>
    public List<Dictionary<string, Tensor>> Unstack(BackpropModel template)
    {
        var names = template.named_parameters().Select(p => p.name).ToList();
        var result = new List<Dictionary<string, Tensor>>();
        using var noGrad = no_grad();
        var wh = whCat.detach().to(ScalarType.Float64, CPU);
        for (int m = 0; m < k; m++)
        {
            var (w1, b1) = PackedWeights.Unpack(wh.narrow(1, m * spec.Hidden, spec.Hidden), spec.HiddenBias);
            var weights = new Dictionary<string, Tensor> { [names[0]] = w1.contiguous().DetachFromDisposeScope() };
            int next = 1;
            if (b1 is not null) weights[names[next++]] = b1.contiguous().DetachFromDisposeScope();
            weights[names[next++]] = w2[m].detach().to(ScalarType.Float64, CPU).contiguous().DetachFromDisposeScope();
            if (b2 is not null) weights[names[next]] = b2[m].detach().to(ScalarType.Float64, CPU).contiguous().DetachFromDisposeScope();
            result.Add(weights);
        }
        return result;
    }
}

using System.Diagnostics;
using SigmoidTorch.Data;
using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Training;

/// <summary>
/// Trains K independent two-layer networks of one architecture at once, on the same data, each with its own
/// learning rate and starting weights. Every network computes exactly the equations of
/// <see cref="Gradients.NetworkBackprop"/> (manual) or gets its gradients from autograd: stacking only changes the
/// layout. Because all networks share the inputs, the first layers of all K networks are one matrix product,
/// X·[Wh₁ | Wh₂ | … | Wh_K]; the second layers are one batched product. The loop has the shape of
/// <see cref="Trainer.Fit"/>: epochs of mini-batches in order, one loss per step, the epoch loss their mean.
/// A network whose loss turns non-finite is marked diverged (its history ends there); the others go on.
/// </summary>
public static class NetworkSweep
{
    /// <summary>Trains every member for <see cref="TrainingOptions.Epochs"/> epochs; <see cref="TrainingOptions.LearningRate"/> is ignored (each member has its own).</summary>
    public static SweepResult Train(ModelSpec spec, Dataset data, IReadOnlyList<SweepMember> members, TrainingOptions options, Action<int>? onEpoch = null)
    {
        if (spec.Kind != "mlp") throw new SigmoidTorchException($"a sweep trains two-layer networks, not {spec}");
        if (members.Count == 0) throw new SigmoidTorchException("a sweep needs at least one member");
        foreach (var m in members)
            if (!double.IsFinite(m.LearningRate) || m.LearningRate <= 0)
                throw new SigmoidTorchException($"sweep member '{m.Label}': learning rate must be a finite number above 0, got {m.LearningRate}");
        (options with { LearningRate = 1 }).Validate();
        if (options.Shuffle) throw new SigmoidTorchException("sweeps take the batches in order (no shuffling)");
        var (dtype, device) = (data.X.dtype, data.X.device);
        using var template = spec.Build(dtype, device);
        Trainer.CheckData(template, data);

        using var scope = NewDisposeScope();
        var stack = new Stack(spec, members, options, dtype, device);
        var batches = data.Batches(options.BatchSize);
        var inputs = batches.Select(b => (Xa: spec.HiddenBias ? cat(new[] { ones(b.X.shape[0], 1, dtype: dtype, device: device), b.X }, 1) : b.X, b.Y)).ToList();
        var inputsT = inputs.Select(b => b.Xa.t()).ToList();
        int k = members.Count;
        var histories = members.Select(_ => new TrainingHistory()).ToList();
        var diverged = new int?[k];
        var losses = zeros(new long[] { batches.Count, k }, dtype: dtype, device: device);

        var clock = Stopwatch.StartNew();
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            for (int b = 0; b < batches.Count; b++)
            {
                using var stepScope = NewDisposeScope();
                losses[b] = stack.Step(inputs[b].Xa, inputsT[b], inputs[b].Y);
            }
            var values = losses.to(ScalarType.Float64).cpu().data<double>().ToArray();
            for (int m = 0; m < k; m++)
            {
                if (diverged[m] is not null) continue;
                var mine = Enumerable.Range(0, batches.Count).Select(b => values[b * k + m]).ToArray();
                if (mine.Any(v => !double.IsFinite(v))) { diverged[m] = epoch; continue; }
                histories[m].StepLosses.AddRange(mine);
                histories[m].EpochLosses.Add(mine.Average());
            }
            onEpoch?.Invoke(epoch);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        return new SweepResult(histories, stack.Unstack(template), diverged, seconds);
    }

    /// <summary>The K networks' weights, stacked, and one step of all of them.</summary>
    private sealed class Stack
    {
        private readonly ModelSpec spec;
        private readonly Activation f, g;
        private readonly Loss loss, reported;
        private readonly bool autograd;
        private readonly int k;
        private readonly Tensor whCat;   // [(1) + in, K·hidden]: column block k is network k's Wh = [b1; W1ᵀ]
        private readonly Tensor wz;      // [K, hidden, out]: W2ᵀ of each network
        private readonly Tensor? b2;     // [K, 1, out]
        private readonly Tensor rates;   // [K, 1, 1]: η of each network

        public Stack(ModelSpec spec, IReadOnlyList<SweepMember> members, TrainingOptions options, ScalarType dtype, Device device)
        {
            this.spec = spec;
            (f, g) = (Activation.Parse(spec.Activation), Activation.Parse(spec.OutputActivation));
            (loss, reported) = (options.Loss, options.ReportedLoss ?? options.Loss);
            autograd = options.Trainer == TrainerKind.Autograd;
            k = members.Count;
            var packed = members.Select(m =>
            {
                using var net = (TwoLayerNetwork)spec.Build(ScalarType.Float64, CPU);
                net.SetParameters(m.Start);
                var wh = net.B1 is null ? net.W1.detach().t() : cat(new[] { net.B1.detach().reshape(1, -1), net.W1.detach().t() });
                return (Wh: wh.clone(), Wz: net.W2.detach().t().clone(), B2: net.B2?.detach().reshape(1, -1).clone());
            }).ToList();
            whCat = cat(packed.Select(p => p.Wh).ToArray(), 1).to(dtype, device).DetachFromDisposeScope();
            wz = stack(packed.Select(p => p.Wz).ToArray()).to(dtype, device).DetachFromDisposeScope();
            b2 = spec.OutputBias ? stack(packed.Select(p => p.B2!).ToArray()).to(dtype, device).DetachFromDisposeScope() : null;
            rates = tensor(members.Select(m => m.LearningRate).ToArray(), dtype: ScalarType.Float64).reshape(k, 1, 1).to(dtype, device).DetachFromDisposeScope();
            if (autograd)
                foreach (var p in Parameters()) p.requires_grad_(true);
        }

        private Tensor[] Parameters() => b2 is null ? new[] { whCat, wz } : new[] { whCat, wz, b2 };

        // Forward pass of all K networks: H [K, b, hidden], Ŷ [K, b, out].
        private (Tensor H, Tensor Yhat) Forward(Tensor xa)
        {
            long rows = xa.shape[0];
            var h = f.Apply(xa.mm(whCat)).view(rows, k, spec.Hidden).transpose(0, 1);   // H_k = f(Xa·Wh_k)
            var z = h.bmm(wz);                                                          // Z2_k = H_k·W2ᵀ_k
            if (b2 is not null) z = z + b2;                                             //        + b2_k
            return (h, g.Apply(z));                                                     // Ŷ_k = g(Z2_k)
        }

        /// <summary>One step of every network on the batch; returns the K reported losses (before the update).</summary>
        public Tensor Step(Tensor xa, Tensor xaT, Tensor y)
        {
            return autograd ? AutogradStep(xa, y) : ManualStep(xa, xaT, y);
        }

        private Tensor ManualStep(Tensor xa, Tensor xaT, Tensor y)
        {
            using var noGrad = no_grad();
            long rows = xa.shape[0];
            var (h, yhat) = Forward(xa);
            var yk = y.unsqueeze(0).expand(k, -1, -1);
            var lossValues = LossPerNetwork(reported, yhat, yk);
            var dL_dYhat = (yhat - yk) * (2 * loss.SquaredErrorScale(yhat.shape[1] * yhat.shape[2]));  // ∂L_k/∂Ŷ_k = 2s·(Ŷ_k − Y)
            var delta2 = dL_dYhat * g.DerivativeFromOutput(yhat) * rates;                 // η_k·δ2_k = η_k·∂L/∂Ŷ_k ⊙ g'(Ŷ_k)
            var delta1 = delta2.bmm(wz.transpose(1, 2)) * f.DerivativeFromOutput(h);      // η_k·δ1_k = η_k·(δ2_k·W2_k) ⊙ f'(H_k)
            wz.sub_(h.transpose(1, 2).bmm(delta2));                                      // W2ᵀ_k −= H_kᵀ·(η_k·δ2_k)
            b2?.sub_(delta2.sum(dim: 1, keepdim: true));                                  // b2_k −= Σₙ η_k·δ2_k
            whCat.addmm_(xaT, delta1.transpose(0, 1).reshape(rows, -1), beta: 1, alpha: -1);  // Wh_k −= Xaᵀ·(η_k·δ1_k), all k in one product
            return lossValues;
        }

        private Tensor AutogradStep(Tensor xa, Tensor y)
        {
            foreach (var p in Parameters()) p.grad?.zero_();
            var yk = y.unsqueeze(0).expand(k, -1, -1);
            var (_, yhat) = Forward(xa);
            // Σ_k η_k·L_k: its gradient with respect to network k's weights is η_k·∇L_k, so a step of SGD with lr 1 is each network's own SGD step.
            var perNetwork = LossPerNetwork(loss, yhat, yk);
            (perNetwork * rates.view(-1)).sum().backward();
            using (no_grad())
                foreach (var p in Parameters()) p.sub_(p.grad!);
            using var noGrad = no_grad();
            return LossPerNetwork(reported, yhat.detach(), yk);
        }

        // L(Ŷ_k, Y) for every k: s·Σ(Ŷ_k − Y)², with the catalogue's scale s for one network's batch.
        private static Tensor LossPerNetwork(Loss l, Tensor yhat, Tensor yk) =>
            (yhat - yk).square().sum(new long[] { 1, 2 }) * l.SquaredErrorScale(yhat.shape[1] * yhat.shape[2]);

        /// <summary>Each network's parameters by state_dict name (CPU, float64).</summary>
        public List<Dictionary<string, Tensor>> Unstack(BackpropModel template)
        {
            var names = template.named_parameters().Select(p => p.name).ToList();
            var result = new List<Dictionary<string, Tensor>>();
            using var noGrad = no_grad();
            var wh = whCat.detach().to(ScalarType.Float64, CPU);
            for (int m = 0; m < k; m++)
            {
                var mine = wh.narrow(1, m * spec.Hidden, spec.Hidden);
                var weights = new Dictionary<string, Tensor>();
                int offset = spec.HiddenBias ? 1 : 0;
                weights[names[0]] = mine.narrow(0, offset, spec.Inputs).t().contiguous().DetachFromDisposeScope();
                int next = 1;
                if (spec.HiddenBias) weights[names[next++]] = mine[0].contiguous().DetachFromDisposeScope();
                weights[names[next++]] = wz[m].detach().to(ScalarType.Float64, CPU).t().contiguous().DetachFromDisposeScope();
                if (b2 is not null) weights[names[next]] = b2[m].detach().to(ScalarType.Float64, CPU).reshape(-1).contiguous().DetachFromDisposeScope();
                result.Add(weights);
            }
            return result;
        }
    }
}

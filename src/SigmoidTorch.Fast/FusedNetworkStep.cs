using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using static TorchSharp.torch;

namespace SigmoidTorch.Fast;

/// <summary>
/// The hand-written step of <see cref="Gradients.NetworkBackprop"/> (and of <see cref="Gradients.DeepBackprop"/> for a
/// network of any depth), rewritten for speed with the same equations: each layer's weights live packed as seed 001
/// keeps them (Wh = [b1; W1ᵀ], Wz = [b2; W2ᵀ], <see cref="PackedWeights"/>), every value is computed in place into
/// buffers made once, the learning rate is folded into the output's δ in float64 (never through addmm's float32
/// alpha), so every δ below it carries η too, and each weight update is one fused <c>addmm_</c>. About fifteen tensor
/// operations a step for two layers instead of some forty. For the squared errors and the elementwise activations
/// (<see cref="Takes"/>); tested against the readable step.
/// </summary>
public sealed class FusedNetworkStep : ITrainingStep, IDisposable
{
    /// <summary>
    /// The fused step as a <see cref="StepKind"/>, for <see cref="TrainingOptions.Step"/>: <c>options with { Step =
    /// FusedNetworkStep.Kind }</c> trains with it where it <see cref="Takes"/> the model (the manual trainer of a network on
    /// a squared error) and the <see cref="TrainingOptions.Optimizer"/> is plain gradient descent, with the readable step
    /// elsewhere (the fused update is θ ← θ − η·∂L/∂θ and nothing else).
    /// </summary>
    public static StepKind Kind { get; } = new FusedKind();

    private readonly (Tensor Weight, Tensor? Bias)[] modelLayers;
    private readonly InPlaceActivation f, g;
    private readonly Loss loss;
    private readonly Loss reported;
    private readonly double learningRate;
    private readonly Tensor[] packed;                    // layer l: [(1) + nₗ₋₁, nₗ], e.g. Wh and Wz
    private readonly (Tensor W, Tensor? B)[] views;      // views of them: Wˡ [nₗ, nₗ₋₁] and bˡ
    private readonly Dictionary<long, Buffers> buffers = new();
    private readonly Dictionary<Tensor, Batch> batches = new(ReferenceEqualityComparer.Instance);
    private IReadOnlyList<(Tensor X, Tensor Y)>? preparedFor;

    /// <summary>Whether the fused step computes the step of a model of <paramref name="spec"/> for these losses: a network, squared errors, elementwise activations.</summary>
    public static bool Takes(ModelSpec spec, Loss loss, Loss reported)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(reported);
        return spec is NetworkSpec or DeepSpec && loss.IsSquaredError && reported.IsSquaredError
            && InPlaceActivation.Has(spec.Activation) && InPlaceActivation.Has(spec.OutputActivation);
    }

    /// <summary>Creates the step for <paramref name="model"/>: it follows <paramref name="loss"/> with η = <paramref name="learningRate"/> and reports <paramref name="reported"/>.</summary>
    public FusedNetworkStep(BackpropModel model, Loss loss, Loss reported, double learningRate)
    {
        if (!Takes(model.Spec, loss, reported))
            throw new NotSupportedException($"the fused step does not compute {model.Spec} with {loss}/{reported}");
        (this.loss, this.reported, this.learningRate) = (loss, reported, learningRate);
        (f, g) = (InPlaceActivation.For(model.Spec.Activation), InPlaceActivation.For(model.Spec.OutputActivation));
        modelLayers = model switch
        {
            TwoLayerNetwork net => [(net.W1, net.B1), (net.W2, net.B2)],
            DeepNetwork net => Enumerable.Range(1, net.Depth).Select(l => (net.W(l), net.B(l))).ToArray(),
            _ => throw new NotSupportedException($"the fused step does not compute {model.Spec}"),
        };
        // Built outside no_grad (from detached values): in-place updates of views made under no_grad are forbidden later.
        packed = modelLayers.Select(layer => PackedWeights.Pack(layer.Weight.detach(), layer.Bias?.detach()).contiguous().clone().DetachFromDisposeScope()).ToArray();
        views = packed.Select((p, l) =>
        {
            var (w, b) = PackedWeights.Unpack(p, modelLayers[l].Bias is not null);
            return (w.DetachFromDisposeScope(), b?.DetachFromDisposeScope());
        }).ToArray();
        Parameters = packed;
    }

    /// <summary>The packed weights of every layer, [b; Wᵀ] (Wh and Wz for two layers).</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Makes the epoch's batches ready (each X with its column of ones, and buffers for its size); the step then takes only these.</summary>
    public void BeginEpoch(IReadOnlyList<(Tensor X, Tensor Y)> batches)
    {
        if (ReferenceEquals(batches, preparedFor)) return;
        DisposeBatches();
        foreach (var (x, _) in batches)
        {
            var xa = PackedWeights.WithOnes(x, modelLayers[0].Bias is not null).DetachFromDisposeScope();   // Xa = [1 X]
            this.batches[x] = new Batch(xa, xa.t().DetachFromDisposeScope(), BuffersFor(x.shape[0]));
        }
        preparedFor = batches;
    }

    /// <inheritdoc />
    public void Step(Tensor x, Tensor y, Tensor reportedLoss)
    {
        // No autograd guard needed: nothing here requires grad (the packed weights are detached copies).
        if (!batches.TryGetValue(x, out var batch))
            throw new InvalidOperationException("the fused step takes only the batches it prepared (call BeginEpoch with the epoch's batches first)");
        var (xa, xaT, b) = batch;
        int L = packed.Length;                                  // layer l's packed weights are packed[l − 1], its values H[l − 1]
        for (int l = 1; l < L; l++)
        {
            b.H[l - 1].addmm_(l == 1 ? xa : b.Ha[l - 2], packed[l - 1], beta: 0, alpha: 1);   // Hˡ = f([1 Hˡ⁻¹]·[bˡ; Wˡᵀ])   (H⁰ = X; two layers: H = f(Xa·Wh))
            f.Apply(b.H[l - 1]);
        }
        b.Z.addmm_(L == 1 ? xa : b.Ha[L - 2], packed[L - 1], beta: 0, alpha: 1);   // Ŷ = g([1 Hᴸ⁻¹]·[bᴸ; Wᴸᵀ])  (two layers: Ŷ = g(Ha·Wz))
        g.Apply(b.Z);
        b.E.copy_(b.Z).sub_(y);                                 // E = Ŷ − Y
        reportedLoss.addmm_(b.ERow, b.ECol, beta: 0, alpha: 1); // ΣE² (scaled to the reported loss below)
        if (b.ReportScale is { } reportScale) reportedLoss.mul_(reportScale);
        b.E.mul_(b.StepScale);                                  // η·∂L/∂Ŷ = η·c·E        (c = 1, 2, 2/n or 1/m)
        g.TimesDerivative(b.E, b.Z);                            // η·δᴸ = η·∂L/∂Ŷ ⊙ g'(Ŷ)
        var delta = b.E;
        for (int l = L; l > 1; l--)
        {
            b.G[l - 2].addmm_(delta, views[l - 1].W, beta: 0, alpha: 1);   // η·δˡ·Wˡ
            packed[l - 1].addmm_(b.HaT[l - 2], delta, beta: 1, alpha: -1); // [bˡ; Wˡᵀ] −= [1 Hˡ⁻¹]ᵀ·(η·δˡ)   (Wˡ −= η·δˡᵀ·Hˡ⁻¹, bˡ −= η·Σδˡ)
            f.TimesDerivative(b.G[l - 2], b.H[l - 2]);                     // η·δˡ⁻¹ = η·(δˡ·Wˡ) ⊙ f'(Hˡ⁻¹)
            delta = b.G[l - 2];
        }
        packed[0].addmm_(xaT, delta, beta: 1, alpha: -1);      // [b¹; W¹ᵀ] −= Xaᵀ·(η·δ¹)  (W¹ −= η·δ¹ᵀ·X, b¹ −= η·Σδ¹)
    }

    /// <summary>Writes the packed weights back into the model's parameters.</summary>
    public void SyncModel()
    {
        using var noGrad = no_grad();
        for (int l = 0; l < modelLayers.Length; l++)
        {
            modelLayers[l].Weight.copy_(views[l].W);
            modelLayers[l].Bias?.copy_(views[l].B!);
        }
    }

    /// <summary>Frees the packed weights and buffers.</summary>
    public void Dispose()
    {
        DisposeBatches();
        foreach (var b in buffers.Values)
        {
            foreach (var t in b.Ha.Concat(b.H).Concat(b.HaT).Concat(b.G).Concat(new[] { b.Z, b.E, b.ERow, b.ECol, b.StepScale })) t.Dispose();
            b.ReportScale?.Dispose();
        }
        foreach (var (w, bias) in views) { w.Dispose(); bias?.Dispose(); }
        foreach (var t in packed) t.Dispose();
    }

    private void DisposeBatches()
    {
        foreach (var batch in batches.Values) { batch.Xa.Dispose(); batch.XaT.Dispose(); }
        batches.Clear();
    }

    private Buffers BuffersFor(long rows)
    {
        if (buffers.TryGetValue(rows, out var b)) return b;
        var (dtype, device) = (packed[0].dtype, packed[0].device);
        int hiddenLayers = packed.Length - 1;
        long outputs = packed[^1].shape[1], n = rows * outputs;
        Tensor Keep(Tensor t) => t.DetachFromDisposeScope();
        // Hidden layer l's values, with a column of ones in front when the layer above has a bias: [1 H] meets its [b; Wᵀ].
        var ha = new Tensor[hiddenLayers];
        var h = new Tensor[hiddenLayers];
        for (int l = 0; l < hiddenLayers; l++)
        {
            long units = packed[l].shape[1];
            bool withOnes = modelLayers[l + 1].Bias is not null;
            ha[l] = Keep(withOnes ? ones(rows, units + 1, dtype: dtype, device: device) : empty(rows, units, dtype: dtype, device: device));
            h[l] = Keep(withOnes ? ha[l].narrow(1, 1, units) : ha[l].alias());
        }
        var z = Keep(empty(rows, outputs, dtype: dtype, device: device));
        var e = Keep(empty(rows, outputs, dtype: dtype, device: device));
        var grad = Enumerable.Range(0, hiddenLayers).Select(l => Keep(empty(rows, packed[l].shape[1], dtype: dtype, device: device))).ToArray();
        double gradientScale = 2 * loss.SquaredErrorScale(rows, outputs);
        double reportScale = reported.SquaredErrorScale(rows, outputs);
        // The scales are 0-d tensors of the weights' dtype, made once: mul_ by a tensor costs half of mul_ by a Scalar.
        Tensor Scale(double value) => Keep(tensor(value, dtype: dtype, device: device));
        b = new Buffers(ha, h, ha.Select(t => Keep(t.t())).ToArray(), z, e, Keep(e.view(1, n)), Keep(e.view(n, 1)), grad,
                        Scale(gradientScale * learningRate), reportScale == 1 ? null : Scale(reportScale));
        buffers[rows] = b;
        return b;
    }

    private sealed class FusedKind() : StepKind("fused")
    {
        public override bool Has(ModelSpec spec, TrainerKind trainer, Loss loss, Loss reported) =>
            trainer == TrainerKind.Manual && Takes(spec, loss, reported);

        public override ITrainingStep Create(BackpropModel model, TrainingOptions options)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(options);
            var reported = options.ReportedLoss ?? options.Loss;
            // The fused step folds η into δ and updates with one addmm_: plain gradient descent only. Another optimizer
            // (momentum, Adam, …) needs the gradient itself, so the readable step runs.
            return Has(model.Spec, options.Trainer, options.Loss, reported) && options.Optimizer.IsPlainGradientDescent
                ? new FusedNetworkStep(model, options.Loss, reported, options.LearningRate)
                : Readable.Create(model, options);
        }
    }

    private sealed record Batch(Tensor Xa, Tensor XaT, Buffers Buffers);

    private sealed record Buffers(Tensor[] Ha, Tensor[] H, Tensor[] HaT, Tensor Z, Tensor E, Tensor ERow, Tensor ECol, Tensor[] G, Tensor StepScale, Tensor? ReportScale);
}

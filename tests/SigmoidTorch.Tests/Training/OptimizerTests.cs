using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Training;

/// <summary>
/// Each hand-written <see cref="Optimizer"/> against TorchSharp's <c>torch.optim</c> step for step: the same start (a
/// 3×4 weight and a 4-element bias in float64), the same gradients (g = a ⊙ (θ − c), a quadratic bowl with curvatures a
/// in [0.5, 1.5] and minimum c, computed by the same code from each side's own θ), and the same weights after 1, 10 and
/// 1,000 steps.
/// <para>
/// Tolerance, argued. RMSProp, Adam and AdamW perform the library's operations in the library's order on the same
/// bits (<see cref="RmsProp"/>, <see cref="Adam"/>), so they must agree exactly: 0. The SGD family (plain, L2 weight
/// decay, momentum, Nesterov) also computes g, λ·θ and v exactly as <c>SGD.step()</c> does, but steps with the
/// articles' θ − (η·d), where <c>SGD.step()</c> writes <c>θ.add_(d, alpha: −η)</c>, which libtorch's vectorised kernel
/// computes with a fused multiply-add (one rounding instead of two) where the CPU has one. One step can therefore differ
/// by the rounding of η·d, at most half an ulp of the update, so at most one ulp of the largest |θ| it lands on; the
/// bowl contracts (η·a ≤ 0.15, with μ = 0.9 inside the stable region), so a difference made at one step shrinks at the
/// next and never grows: after n steps the difference is at most n ulps of max|θ|. The bound asserted is
/// n · ulp(max|θ|) (measured here: one ulp of max|θ| after 1 and after 10 steps, 0 after 1,000; under
/// ATEN_CPU_CAPABILITY=default, without FMA, the two agree exactly, measured too).
/// </para>
/// <para>
/// Where TorchSharp and PyTorch differ: TorchSharp 0.107's <c>optim.AdamW(parameters, lr)</c> defaults to weight decay
/// 0, where PyTorch's <c>torch.optim.AdamW</c> (and <see cref="Optimizer.AdamW"/>) default to λ = 0.01 (its factory's
/// doc comment and some versions' source also give β2 = 0.99 as the default; 0.107's is 0.999, measured). The case
/// "adamw" passes λ = 0.01 to TorchSharp; "adamw-torchsharp-defaults" is the evidence: our AdamW with λ = 0 equals
/// TorchSharp's defaults bit for bit (with λ = 0.01 the weights differ by 4.8e-5 after one step, η·λ·θ, measured).
/// </para>
/// </summary>
public class OptimizerTests(ITestOutputHelper output)
{
    /// <summary>Every case of <see cref="Catalogue"/> after 1, 10 and 1,000 steps.</summary>
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Catalogue.Keys)
            foreach (var steps in new[] { 1, 10, 1000 })
                data.Add(name, steps);
        return data;
    }

    /// <summary>Each case: our optimizer, the library's on the given parameters, η, and whether the operation order is the library's (then bit for bit).</summary>
    private static readonly Dictionary<string, (Optimizer Ours, Func<IEnumerable<TorchSharp.Modules.Parameter>, double, optim.Optimizer> Theirs, double LearningRate, bool SameOrder)> Catalogue = new()
    {
        ["sgd"] = (Optimizer.Sgd, (p, lr) => optim.SGD(p, lr), 0.1, false),
        ["sgd-l2"] = (Optimizer.SgdWithWeightDecay(0.05), (p, lr) => optim.SGD(p, lr, weight_decay: 0.05), 0.1, false),
        ["momentum"] = (Optimizer.WithMomentum(0.9), (p, lr) => optim.SGD(p, lr, momentum: 0.9), 0.1, false),
        ["momentum-l2"] = (Optimizer.WithMomentum(0.9, weightDecay: 0.05), (p, lr) => optim.SGD(p, lr, momentum: 0.9, weight_decay: 0.05), 0.1, false),
        ["nesterov"] = (Optimizer.Nesterov(0.9), (p, lr) => optim.SGD(p, lr, momentum: 0.9, nesterov: true), 0.1, false),
        ["rmsprop"] = (Optimizer.RmsProp(), (p, lr) => optim.RMSProp(p, lr), 0.01, true),
        ["rmsprop-l2"] = (Optimizer.RmsProp(weightDecay: 0.05), (p, lr) => optim.RMSProp(p, lr, weight_decay: 0.05), 0.01, true),
        ["adam"] = (Optimizer.Adam(), (p, lr) => optim.Adam(p, lr), 0.01, true),
        ["adam-l2"] = (Optimizer.Adam(weightDecay: 0.05), (p, lr) => optim.Adam(p, lr, weight_decay: 0.05), 0.01, true),
        ["adamw"] = (Optimizer.AdamW(), (p, lr) => optim.AdamW(p, lr, weight_decay: 0.01), 0.01, true),   // PyTorch's default λ, spelled out (see above)
        ["adamw-torchsharp-defaults"] = (Optimizer.AdamW(weightDecay: 0), (p, lr) => optim.AdamW(p, lr), 0.01, true),
        ["adamw-0.1"] = (Optimizer.AdamW(beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1), (p, lr) => optim.AdamW(p, lr, beta1: 0.8, beta2: 0.99, eps: 1e-6, weight_decay: 0.1), 0.01, true),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ItsStepsAreTorchOptims(string name, int steps)
    {
        var (ours, theirs, learningRate, sameOrder) = Catalogue[name];
        using var scope = NewDisposeScope();
        using var gen = new Generator(21);
        var start = new[] { rand(new long[] { 3, 4 }, dtype: ScalarType.Float64, generator: gen).Minus(0.5), rand(new long[] { 4 }, dtype: ScalarType.Float64, generator: gen).Minus(0.5) };
        var curvature = start.Select(t => rand(t.shape, dtype: ScalarType.Float64, generator: gen).Plus(0.5)).ToArray();   // a ∈ [0.5, 1.5]
        var minimum = start.Select(t => rand(t.shape, dtype: ScalarType.Float64, generator: gen).Times(4).Minus(2)).ToArray(); // c ∈ [−2, 2]
        Tensor Gradient(int i, Tensor theta) => curvature[i].mul(theta.sub(minimum[i]));                                  // g = a ⊙ (θ − c)

        var mine = start.Select(t => t.clone()).ToArray();
        var states = mine.Select(ours.Start).ToArray();
        var parameters = start.Select(t => new TorchSharp.Modules.Parameter(t.clone())).ToArray();
        using var reference = theirs(parameters, learningRate);
        try
        {
            for (int step = 0; step < steps; step++)
            {
                using var stepScope = NewDisposeScope();
                using (no_grad())
                    for (int i = 0; i < mine.Length; i++)
                        states[i].Update(mine[i], Gradient(i, mine[i]), learningRate);
                using (no_grad())
                    for (int i = 0; i < parameters.Length; i++)
                        parameters[i].grad = Gradient(i, parameters[i].detach());
                LibraryStep(reference);
            }
        }
        finally
        {
            foreach (var state in states) state.Dispose();
        }

        double largest = 0, worst = 0;
        for (int i = 0; i < mine.Length; i++)
        {
            Assert.False(mine[i].eq(start[i]).all().item<bool>(), $"{name}: parameter {i} did not move");
            largest = Math.Max(largest, mine[i].abs().max().item<double>());
            worst = Math.Max(worst, mine[i].sub(parameters[i].detach()).abs().max().item<double>());
        }
        double bound = sameOrder ? 0 : steps * (Math.BitIncrement(largest) - largest);          // n · ulp(max|θ|)
        output.WriteLine($"{name} after {steps} steps: max |ours − torch.optim| = {worst:R} (bound {bound:R}, max|θ| = {largest:R})");
        Assert.True(worst <= bound, $"{name} after {steps} steps: max |ours − torch.optim| = {worst:R}, above the bound {bound:R}");
    }

    /// <summary>
    /// The library's step, with no garbage collection while it runs: TorchSharp 0.107's optimizers turn η, μ, β into
    /// Scalars they leave to the finalizer (docs/native-objects.md), which a collection during the call could free while
    /// libtorch reads them. In the test the library's own step is the point, so it is called as written, with the
    /// collector held off for its duration.
    /// </summary>
    private static void LibraryStep(optim.Optimizer reference)
    {
        bool held = GC.TryStartNoGCRegion(16 << 20);
        try
        {
#pragma warning disable ST0002 // the reference itself, as TorchSharp wrote it; no collection can run during the call (above)
            reference.step();
#pragma warning restore ST0002
        }
        finally
        {
            if (held && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
    }

    public static TheoryData<string, string> BadHyperparameters() => new()
    {
        { "momentum", "momentum: momentum must be in [0, 1), got 1" },
        { "momentum-negative", "momentum: momentum must be in [0, 1), got -0.1" },
        { "nesterov-nan", "nesterov: momentum must be in [0, 1), got NaN" },
        { "sgd-decay", "sgd: weight decay must be a finite number of 0 or more, got -0.01" },
        { "adam-decay-inf", "adam: weight decay must be a finite number of 0 or more, got Infinity" },
        { "adam-beta1", "adam: beta1 must be in [0, 1), got 1" },
        { "adam-beta2", "adam: beta2 must be in [0, 1), got -0.5" },
        { "adam-eps", "adam: eps must be a finite number above 0, got 0" },
        { "adamw-eps", "adamw: eps must be a finite number above 0, got -1E-08" },
        { "rmsprop-alpha", "rmsprop: alpha must be in [0, 1), got 1.5" },
        { "rmsprop-eps", "rmsprop: eps must be a finite number above 0, got NaN" },
        { "autograd", "the autograd trainer steps as torch.optim.SGD does; the optimizer adam is for the manual trainer" },
        { "autograd-decay", "the autograd trainer steps as torch.optim.SGD does; the optimizer sgd with weight decay 0.01 is for the manual trainer" },
    };

    [Theory]
    [MemberData(nameof(BadHyperparameters))]
    public void BadHyperparametersAreOneLineErrors(string which, string message)
    {
        var options = new TrainingOptions();
        options = which switch
        {
            "momentum" => options with { Optimizer = Optimizer.WithMomentum(1) },
            "momentum-negative" => options with { Optimizer = Optimizer.WithMomentum(-0.1) },
            "nesterov-nan" => options with { Optimizer = Optimizer.Nesterov(double.NaN) },
            "sgd-decay" => options with { Optimizer = Optimizer.SgdWithWeightDecay(-0.01) },
            "adam-decay-inf" => options with { Optimizer = Optimizer.Adam(weightDecay: double.PositiveInfinity) },
            "adam-beta1" => options with { Optimizer = Optimizer.Adam(beta1: 1) },
            "adam-beta2" => options with { Optimizer = Optimizer.Adam(beta2: -0.5) },
            "adam-eps" => options with { Optimizer = Optimizer.Adam(eps: 0) },
            "adamw-eps" => options with { Optimizer = Optimizer.AdamW(eps: -1e-8) },
            "rmsprop-alpha" => options with { Optimizer = Optimizer.RmsProp(alpha: 1.5) },
            "rmsprop-eps" => options with { Optimizer = Optimizer.RmsProp(eps: double.NaN) },
            "autograd" => options with { Optimizer = Optimizer.Adam(), Trainer = TrainerKind.Autograd },
            "autograd-decay" => options with { Optimizer = Optimizer.SgdWithWeightDecay(0.01), Trainer = TrainerKind.Autograd },
            _ => throw new ArgumentOutOfRangeException(nameof(which)),
        };
        var error = Assert.Throws<SigmoidTorchException>(options.Validate);
        Assert.Equal(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TheDefaultIsPlainGradientDescentAndTheFusedStepLeavesOtherOptimizersToTheReadableStep()
    {
        Assert.Same(Optimizer.Sgd, new TrainingOptions().Optimizer);
        Assert.True(Optimizer.Sgd.IsPlainGradientDescent);
        Assert.False(Optimizer.SgdWithWeightDecay(0.01).IsPlainGradientDescent);
        Assert.False(Optimizer.WithMomentum().IsPlainGradientDescent);

        var (net, data) = TrainerTests.Problem();
        var options = new TrainingOptions { Epochs = 3, BatchSize = 4, LearningRate = 0.05, Optimizer = Optimizer.Adam() };
        var asked = FusedNetworkStep.Kind.Create(net, options);
        (asked as IDisposable)?.Dispose();
        Assert.IsType<ManualStep>(asked);
        var (readable, _) = TrainerTests.Problem();
        Trainer.Fit(net, data, options with { Step = FusedNetworkStep.Kind });
        Trainer.Fit(readable, data, options);
        foreach (var ((name, a), (_, b)) in net.named_parameters().Zip(readable.named_parameters()))
            Assert.True(a.detach().eq(b.detach()).all().item<bool>(), $"{name}: asked for the fused step with Adam, the readable step's weights were expected");
    }
}

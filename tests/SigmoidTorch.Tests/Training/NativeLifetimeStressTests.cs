using System.Collections.Concurrent;
using System.Diagnostics;
using SigmoidTorch.Fast;
using SigmoidTorch.Gradients;
using SigmoidTorch.Models;
using SigmoidTorch.Tests.Infrastructure;
using SigmoidTorch.Training;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Training;

/// <summary>
/// No native object is freed while libtorch uses it. TorchSharp frees a Scalar or tensor nobody disposes in a finalizer,
/// which a collection on another thread can start in the middle of the native call that reads it (docs/native-objects.md).
/// The manual gradients, autograd's, and steps of the readable, fused and autograd trainers in float32 and float64 run
/// on more threads than there are cores, again and again, while another thread forces collections of the young
/// generation and runs the finalizers without pause: every repetition must give the very bits a quiet run gave, and
/// nothing may throw.
/// </summary>
[Collection(ForcedCollections.Name)]
public class NativeLifetimeStressTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);
    private const int Workers = 4;                       // more than the cores: a worker is often paused in the middle of a call
    private const int Steps = 12;                        // per step path and repetition

    // The configuration that once failed in CI (relu, identity output, half-sse, float32, batch 7), its float64 twin, a
    // sigmoid network on mse, and a deep softmax network on its cross-entropy (the readable and autograd steps only).
    private static readonly (CrossCheckCase Case, StepPath[] Paths)[] Runs =
    [
        (new("mlp", "relu", "identity", "half-sse", "both", 7, "float32", "cpu"), [StepPath.Readable, StepPath.Fused, StepPath.Autograd]),
        (new("mlp", "relu", "identity", "half-sse", "both", 7, "float64", "cpu"), [StepPath.Readable, StepPath.Fused, StepPath.Autograd]),
        (new("mlp", "sigmoid", "same", "mse", "hidden", 4, "float32", "cpu"), [StepPath.Readable, StepPath.Fused, StepPath.Autograd]),
        (new("deep:3,4,4,3", "tanh", "softmax", "softmax-ce", "both", 4, "float64", "cpu"), [StepPath.Readable, StepPath.Autograd]),
    ];

    public enum StepPath { Readable, Fused, Autograd }

    [Fact]
    public void GradientsAndUpdatesAreBitIdenticalWhileCollectionsRun()
    {
        var expected = Runs.Select(r => new Setup(r.Case, r.Paths).Bits()).ToArray();   // quiet: no collection forced
        var failures = new ConcurrentQueue<string>();
        long collections = 0, repetitions = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect(0);                           // the young generation, where the Scalars and temporaries are: many a second
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref collections);
            }
        }) { IsBackground = true, Name = "forced collections" };
        var workers = Enumerable.Range(0, Workers).Select(w => new Thread(() =>
        {
            using var scope = NewDisposeScope();
            var setups = Runs.Select(r => new Setup(r.Case, r.Paths)).ToArray();
            while (clock.Elapsed < Budget && failures.IsEmpty)
            {
                for (int i = 0; i < setups.Length && clock.Elapsed < Budget; i++)
                {
                    try
                    {
                        var got = setups[i].Bits();
                        if (!got.SequenceEqual(expected[i]))
                            failures.Enqueue($"{Runs[i].Case}: {got.Zip(expected[i]).Count(p => p.First != p.Second)} of {got.Length} values differ from the quiet run's");
                    }
                    catch (Exception e)
                    {
                        failures.Enqueue($"{Runs[i].Case}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
                    }
                }
                Interlocked.Increment(ref repetitions);
            }
        }) { IsBackground = true, Name = $"stress worker {w}" }).ToList();
        collector.Start();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        stop.Cancel();
        collector.Join();

        int steps = Runs.Sum(r => r.Paths.Length) * Steps;
        output.WriteLine($"{repetitions} repetitions of {Runs.Length} configurations ({steps} steps and {2 * Runs.Length} gradient computations each) "
            + $"on {Workers} threads, {collections} forced collections, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.IsEmpty, $"{failures.Count} failure(s) after {repetitions} repetitions: {string.Join("; ", failures.Take(5))}");
        Assert.True(repetitions >= 20 && collections >= 100, $"too little stress to mean anything: {repetitions} repetitions, {collections} collections");
    }

    // One configuration's model, batch and starting weights, made once (per thread); Bits() runs its hot paths from that start.
    private sealed class Setup
    {
        private readonly CrossCheckCase c;
        private readonly StepPath[] paths;
        private readonly BackpropModel model;
        private readonly Tensor x, y;
        private readonly Dictionary<string, Tensor> start;

        public Setup(CrossCheckCase c, StepPath[] paths)
        {
            (this.c, this.paths) = (c, paths);
            (model, x, y) = c.Build();
            start = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        }

        // Every number the hot paths compute, as bits: the manual and autograd gradients at the start, then for each step
        // path the loss of every step and the weights after them.
        public long[] Bits()
        {
            using var scope = NewDisposeScope();
            var numbers = new List<double>();
            model.SetParameters(start);
            foreach (var g in ManualBackprop.Gradients(model, x, y, c.LossFunction).Concat(GradientCheck.Autograd(model, x, y, c.LossFunction)))
                numbers.AddRange(Values(g.Gradient));
            var slot = zeros(new long[] { 1, 1 }, dtype: x.dtype);
            foreach (var path in paths)
            {
                model.SetParameters(start);
                var options = new TrainingOptions
                {
                    LearningRate = 0.05, Loss = c.LossFunction,
                    Step = path == StepPath.Fused ? FusedNetworkStep.Kind : StepKind.Readable, Trainer = path == StepPath.Autograd ? TrainerKind.Autograd : TrainerKind.Manual,
                };
                var step = Trainer.CreateStep(model, options);
                (step as IBufferedStep)?.Prepare(new[] { (x, y) });
                for (int s = 0; s < Steps; s++)
                {
                    using var stepScope = NewDisposeScope();
                    step.Step(x, y, slot);
                    numbers.AddRange(Values(slot));
                }
                (step as IBufferedStep)?.SyncModel();
                (step as IDisposable)?.Dispose();
                foreach (var p in model.parameters())
                    numbers.AddRange(Values(p));
            }
            return numbers.Select(BitConverter.DoubleToInt64Bits).ToArray();
        }
    }

    private static double[] Values(Tensor t)
    {
        using var values = t.detach().to(ScalarType.Float64).cpu().contiguous();
        return values.data<double>().ToArray();
    }
}

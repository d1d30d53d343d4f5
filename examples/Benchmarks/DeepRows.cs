using System.Diagnostics;
using System.Text.Json;
using SigmoidTorch.Articles;
using SigmoidTorch.Cli.Progress;
using SigmoidTorch.Data;
using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using SigmoidTorch.Models;
using SigmoidTorch.Training;
using static TorchSharp.torch;

/// <summary>
/// The rows of the networks of any depth: a training step where matrix products dominate (784 inputs, layers of 256 or
/// 1,024 units, 10 outputs, batch 256, float32, every core) against torch.mm alone on the same products, and the
/// DigitClassifier's 30 epochs against the numpy program of network.py's rule from the same weights.
/// </summary>
internal static class DeepRows
{
    private const int Batch = 256, Batches = 8, Inputs = 784, Outputs = 10;

    /// <summary>The networks whose rows are measured: depth 1 (no hidden layer), then depths 2–4 with hidden layers of each width.</summary>
    private static IEnumerable<int[]> Networks() =>
        new[] { new[] { Inputs, Outputs } }.Concat(new[] { 256, 1024 }.SelectMany(width =>
            Enumerable.Range(1, 3).Select(hidden => new[] { Inputs }.Concat(Enumerable.Repeat(width, hidden)).Append(Outputs).ToArray())));

    /// <summary>
    /// Per network: steps/s of the step Trainer.Fit takes (the fused one), its GFLOP/s, and the GFLOP/s of allocating
    /// torch.mm calls on the step's own products, alternated <paramref name="repeats"/> times (medians); for
    /// [784, 1024, 1024, 10] also the readable and the autograd step.
    /// </summary>
    public static IEnumerable<Row> ProductRows(int repeats, double budget, TextWriter report, ProgressDisplay progress, Func<IEnumerable<double>, double> median)
    {
        set_num_threads(Environment.ProcessorCount);
        var networks = Networks().ToList();
        var headline = new[] { Inputs, 1024, 1024, Outputs };
        using var stage = progress.Start("deep networks", networks.Count * repeats + 2L * repeats, "runs");
        foreach (var sizes in networks)
        {
            string name = $"deep [{string.Join(",", sizes)}] b{Batch}";
            var products = StepProducts(sizes);
            double flops = products.Sum(p => 2.0 * p.M * p.K * p.N);
            var variants = new List<(string Label, DeepStep Trainer)> { ("manual, fused", new(TrainerKind.Manual, FusedNetworkStep.Kind)) };
            if (sizes.SequenceEqual(headline))
                variants.AddRange([("manual, readable", new(TrainerKind.Manual, StepKind.Readable)), ("autograd + optim.SGD", new(TrainerKind.Autograd, StepKind.Readable))]);
            var rates = variants.ToDictionary(v => v.Label, _ => new List<double>());
            var ceilings = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                foreach (var (label, trainer) in variants)
                {
                    rates[label].Add(StepsPerSecond(sizes, trainer, budget));
                    stage.Advance();
                }
                ceilings.Add(MmGflops(products, budget / 2));
            }
            double ceiling = median(ceilings);
            foreach (var (label, _) in variants)
            {
                double steps = median(rates[label]), gflops = steps * flops / 1e9;
                report.WriteLine($"{name}, {label}: {steps:F1} steps/s, {gflops:F1} GFLOP/s, {gflops / ceiling:P0} of torch.mm's {ceiling:F1}");
                yield return new Row($"{name}: {label}", "cpu", steps, "steps/s", $"float32, all threads, median of {repeats}");
                yield return new Row($"{name}: {label}", "cpu", gflops, "GFLOP/s", $"{gflops / ceiling:P0} of torch.mm alone on the same {products.Count} products: {ceiling:G3} GFLOP/s");
            }
        }
        set_num_threads(1);
    }

    private sealed record DeepStep(TrainerKind Kind, StepKind Step);

    // The products of one step on the packed layout [b; Wᵀ]: forward [1 A]·[b; Wᵀ] per layer, the weight gradient [1 A]ᵀ·δ
    // per layer, and δ·W for every layer but the first (its δ is not needed).
    private static List<(long M, long K, long N)> StepProducts(int[] sizes)
    {
        var products = new List<(long, long, long)>();
        for (int l = 1; l < sizes.Length; l++)
        {
            products.Add((Batch, sizes[l - 1] + 1, sizes[l]));
            products.Add((sizes[l - 1] + 1, Batch, sizes[l]));
            if (l > 1) products.Add((Batch, sizes[l], sizes[l - 1]));
        }
        return products;
    }

    private static double StepsPerSecond(int[] sizes, DeepStep trainer, double budget)
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(1);
        var x = rand(new long[] { Batch * Batches, Inputs }, generator: gen);
        var y = nn.functional.one_hot(randint(Outputs, new long[] { Batch * Batches }, generator: gen), Outputs).to(ScalarType.Float32);
        var data = new Dataset(x, y);
        using var model = ModelSpec.Deep(sizes, Activation.Sigmoid).Build(ScalarType.Float32, CPU);
        var options = new TrainingOptions { Epochs = 1, BatchSize = Batch, LearningRate = 0.01, Loss = Loss.Quadratic, Trainer = trainer.Kind, Step = trainer.Step };
        var clock = Stopwatch.StartNew();
        Trainer.Fit(model, data, options);                                           // warm-up, sizes the run
        int epochs = Math.Max(1, (int)(budget / Math.Max(clock.Elapsed.TotalSeconds, 1e-6)));
        clock.Restart();
        Trainer.Fit(model, data, options with { Epochs = epochs });
        return (double)epochs * Batches / clock.Elapsed.TotalSeconds;
    }

    private static double MmGflops(List<(long M, long K, long N)> products, double budget)
    {
        using var scope = NewDisposeScope();
        var operands = products.Select(p => (A: rand(p.M, p.K), B: rand(p.K, p.N))).ToList();
        double flops = products.Sum(p => 2.0 * p.M * p.K * p.N);
        long reps = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < budget)
        {
            using var inner = NewDisposeScope();
            foreach (var (a, b) in operands) a.mm(b);
            reps++;
        }
        return flops * reps / clock.Elapsed.TotalSeconds / 1e9;
    }

    /// <summary>
    /// DigitClassifier's defaults for 30 epochs in file order from the same starting weights (seed 0), float64, one
    /// thread: the fused and readable manual steps and autograd, and numpy (digits_numpy.py, one BLAS thread) where
    /// <paramref name="python"/> has it, alternated <paramref name="repeats"/> times; medians.
    /// </summary>
    public static IEnumerable<Row> Digits(int repeats, TextWriter report, ProgressDisplay progress, string? python,
                                          Func<string, string, ProcessStartInfo> pythonStart, Func<IEnumerable<double>, double> median)
    {
        set_num_threads(1);
        var config = new DigitClassifierConfig { Shuffle = false };
        var spec = DigitClassifier.Spec(config);
        var start = DigitClassifier.InitialWeights(spec, 0);
        var (train, test) = DigitData.Split(DigitData.Load());
        string dir = Directory.CreateTempSubdirectory("sigmoidtorch-bench-digits-").FullName;
        try
        {
            using (var net = (DeepNetwork)spec.Build())
            {
                net.SetParameters(start);
                var (weights, biases) = NetworkPyWeights.Export(net);
                AtomicFile.WriteAllText(Path.Combine(dir, "start.json"), JsonSerializer.Serialize(new { weights, biases }));
            }
            using (var shipped = DigitData.OpenCompressed())
                AtomicFile.Write(Path.Combine(dir, "digits.csv.gz"), shipped.CopyTo);

            var variants = new List<(string Name, Func<(double Seconds, int Correct)> Run)>
            {
                ("manual, fused (default)", () => Torch(config)),
                ("manual, readable (line by line)", () => Torch(config with { Step = StepKind.Readable })),
                ("autograd + optim.SGD", () => Torch(config with { Trainer = TrainerKind.Autograd })),
            };
            if (python is not null) variants.Add(("numpy (digits_numpy.py)", () => Numpy(python)));
            var samples = AlternatingRuns.Measure("digits", variants, repeats, s => s.Seconds, report, progress);
            double numpySeconds = python is null ? double.NaN : median(samples[variants[^1].Name].Select(s => s.Seconds));
            foreach (var v in variants)
            {
                double seconds = median(samples[v.Name].Select(s => s.Seconds));
                string versus = double.IsNaN(numpySeconds) ? "" : $", {numpySeconds / seconds:F2}x as fast as numpy";
                yield return new Row($"digits, 30 epochs: {v.Name}", "cpu", seconds, "s", $"median of {repeats}, float64, one thread, {samples[v.Name][^1].Correct}/299 right{versus}");
            }
            if (python is null) yield return new Row("digits, 30 epochs: numpy", "cpu", double.NaN, "s", "not run: no python3 with numpy (apt-get install python3-numpy)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        (double, int) Torch(DigitClassifierConfig c)
        {
            var run = DigitClassifier.Run(c, train, test, ScalarType.Float64, CPU, start);
            run.Model.Dispose();
            return (run.Seconds, run.TestCorrect);
        }

        // One measurement: the child process trains twice from the same weights and the second (warm) run counts.
        (double, int) Numpy(string interpreter)
        {
            string script = Path.Combine(AppContext.BaseDirectory, "digits_numpy.py");
            using var p = Process.Start(pythonStart(interpreter,
                $"\"{script}\" \"{Path.Combine(dir, "digits.csv.gz")}\" \"{Path.Combine(dir, "start.json")}\" {config.Epochs} {config.BatchSize} {config.LearningRate} quadratic 2"))!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var last = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
            return (last.GetProperty("seconds").GetDouble(), last.GetProperty("accuracy_history").EnumerateArray().Last().GetInt32());
        }
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using SigmoidTorch.Articles.Seed001SineRegression;
using SigmoidTorch.Cli;
using SigmoidTorch.Cli.Progress;
using SigmoidTorch.Data;
using SigmoidTorch.Devices;
using SigmoidTorch.Fast;
using SigmoidTorch.Functions;
using SigmoidTorch.Training;
using static TorchSharp.torch;

// Benchmarks: seed 001's workload on every training path (and numpy, and plain scalar C#), scaling with network
// and batch size, and native memory over a long run. Prints a table; writes the same rows as JSON.
var quick = new Option<bool>("--quick") { Description = "a short run (under a minute): fewer repeats, fewer steps" };
var only = OptionFactory.Choice("--only", "run one part: seed001 (every training path), sweep, scaling, deep (networks where matrix products dominate), digits (DigitClassifier against numpy), memory or width (seed 001's whole run against the hidden size)",
    "all", "all", "seed001", "sweep", "scaling", "deep", "digits", "memory", "width");
var command = new RootCommand("Speed and memory of SigmoidTorch's training paths.") { quick, only };
var common = new CommonOptions("Benchmarks", FlagSet.Output);

return ProgramHost.Run(args, command, common, (result, run) =>
{
    bool isQuick = result.GetValue(quick);
    var rows = new List<Row>();
    run.Output.WillWrite(["benchmarks.json"]);
    var report = run.Output.Report;
    var provenance = Provenance.Collect();
    report.WriteLine(provenance);
    report.WriteLine("libtorch intra-op threads: 1 for the seed 001, sweep and digits rows, all cores for the scaling and deep rows");

    string part = result.GetValue(only)!;
    if (part is "all" or "seed001") rows.AddRange(Seed001Rows(isQuick ? 1 : 5, report, run.Output.Progress));
    if (part is "all" or "sweep") rows.AddRange(SweepRows(isQuick, report, run.Output.Progress));
    if (part is "all" or "scaling") rows.AddRange(ScalingRows(isQuick, report, run.Output.Progress));
    if (part is "all" or "deep") rows.AddRange(DeepRows.ProductRows(isQuick ? 1 : 3, isQuick ? 0.2 : 1.0, report, run.Output.Progress, Median));
    if (part is "all" or "digits") rows.AddRange(DeepRows.Digits(isQuick ? 1 : 5, report, run.Output.Progress, FindPython("numpy"), PythonStart, Median));
    if (part is "all" or "memory") rows.AddRange(MemoryRows(isQuick ? 100_000 : 1_000_000, report, run.Output.Progress));
    if (part is "all" or "width") rows.AddRange(WidthRows.Rows(isQuick, report, run.Output.Progress));

    report.WriteLine();
    report.WriteLine($"{"benchmark",-44} {"device",-7} {"value",14} {"unit",-10} note");
    foreach (var r in rows)
        report.WriteLine($"{r.Name,-44} {r.Device,-7} {r.Value,14:G6} {r.Unit,-10} {r.Note}");
    // The file and --json carry the same document, keys in snake_case; --json adds the files written.
    var machine = new { cpu = provenance.Machine.Cpu, cores = provenance.Machine.Cores, os = provenance.Machine.Os };
    var versions = new { sigmoidtorch = provenance.Versions.SigmoidTorch, torchsharp = provenance.Versions.TorchSharp, libtorch = provenance.Versions.Libtorch, dotnet = provenance.Versions.Dotnet };
    var table = rows.Select(r => new { name = r.Name, device = r.Device, value = r.Value, unit = r.Unit, note = r.Note }).ToList();
    var document = new { machine, commit = provenance.Commit, date = provenance.Date, versions, rows = table };
    string json = JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
    run.Output.WriteFile("benchmarks.json", System.Text.Encoding.UTF8.GetBytes(json + "\n"));
    if (run.Options.Json) JsonOutput.Emit(new { document.machine, document.commit, document.date, document.versions, document.rows, files = run.Output.Files });
    return ExitCodes.Success;
});

// Seed 001: 2-5-1 sigmoid net, 32 points, batches of 4, 3000 epochs = 24,000 steps, float64, one thread.
static IEnumerable<Row> Seed001Rows(int repeats, TextWriter report, ProgressDisplay progress)
{
    set_num_threads(1);
    var config = new SineRegressionConfig();
    const int Steps = 3000 * 8;
    var spec = SineRegression.Spec(config);
    var start = SineRegression.InitialWeights(spec, WeightInit.Article, config.Seed);   // the SineRegression default run's starting weights
    var article = SineRegression.InitialArrays(spec, WeightInit.Article, config.Seed);
    string weightsFile = Path.Combine(Path.GetTempPath(), $"sigmoidtorch-bench-{Environment.ProcessId}.json");
    NamedArrays.Save(weightsFile, article.Values);

    var variants = new List<(string Name, string Device, Func<(double Seconds, double Loss)> Run)>
    {
        ("plain scalar C# loop (floor)", "cpu", () => Scalar(config, article)),
    };
    foreach (var device in DeviceSelector.Available())
    {
        string d = device.ToString();
        variants.Add(("manual, fused (default)", d, () => Torch(config, device, start, TrainerKind.Manual, FusedNetworkStep.Kind)));
        variants.Add(("manual, readable (line by line)", d, () => Torch(config, device, start, TrainerKind.Manual, StepKind.Readable)));
        variants.Add(("autograd + optim.SGD", d, () => Torch(config, device, start, TrainerKind.Autograd, StepKind.Readable)));
    }
    string? python = FindPython("numpy");
    if (python is not null) variants.Add(("numpy (this project's seed 001 loop)", "cpu", () => Numpy(python, weightsFile)));

    var samples = AlternatingRuns.Measure("seed 001", variants.Select(v => (Key(v.Name, v.Device), v.Run)).ToList(), repeats, s => s.Seconds, report, progress);
    File.Delete(weightsFile);

    double numpyMedian = python is not null ? Median(samples.First(s => s.Key.StartsWith("numpy", StringComparison.Ordinal)).Value.Select(s => s.Seconds)) : double.NaN;
    foreach (var v in variants)
    {
        var s = samples[Key(v.Name, v.Device)];
        double seconds = Median(s.Select(x => x.Seconds));
        double loss = s[^1].Loss;
        string vsNumpy = double.IsNaN(numpyMedian) ? "" : $", {seconds / numpyMedian:F2}x numpy";
        yield return new Row($"seed 001: {v.Name}", v.Device, seconds, "s", $"median of {repeats}, final loss {loss:R}");
        yield return new Row($"seed 001: {v.Name}", v.Device, seconds / Steps * 1e6, "µs/step", $"24,000 steps{vsNumpy}");
    }
    if (python is null) yield return new Row("seed 001: numpy", "cpu", double.NaN, "s", "not run: no python3 with numpy (apt-get install python3-numpy)");
    set_num_threads(Environment.ProcessorCount);

    static string Key(string name, string device) => $"{name} on {device}";
}

static (double, double) Torch(SineRegressionConfig config, Device device, IReadOnlyDictionary<string, Tensor> start, TrainerKind trainer, StepKind step)
{
    var run = SineRegression.Run(config with { Trainer = trainer, Step = step }, ScalarType.Float64, device, start.ToDictionary(kv => kv.Key, kv => kv.Value.to(device)));
    run.Model.Dispose();
    return (run.Seconds, run.History.FinalLoss);
}

static (double, double) Scalar(SineRegressionConfig config, Dictionary<string, NamedArray> article)
{
    double[] x = SineRegression.Inputs(config);
    double[] y = x.Select(v => SineRegression.Normalise(Math.Sin(v), (-1, 1), (0, 1))).ToArray();
    var clock = Stopwatch.StartNew();
    var history = ScalarSineRegression.LossHistory(x, y, article["Wh"].ToMatrix(), article["Wz"].ToMatrix(), config.Epochs, config.BatchSize, config.EffectiveLearningRate,
        v => 1 / (1 + Math.Exp(-v)), a => a * (1 - a));
    return (clock.Elapsed.TotalSeconds, history[^1]);
}

// The first python3 that has the module: the one on PATH, else the system's (Debian's python3-numpy installs there).
static string? FindPython(string module)
{
    foreach (var python in new[] { "python3", "/usr/bin/python3" })
    {
        try
        {
            var start = PythonStart(python, $"-c \"import {module}\"");
            start.RedirectStandardError = true;
            using var p = Process.Start(start)!;
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode == 0) return python;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // not installed: try the next
        }
    }
    return null;
}

// One measurement of the numpy loop: a child process runs it twice and the second (warm) run counts.
static (double, double) Numpy(string python, string weightsFile)
{
    string script = Path.Combine(AppContext.BaseDirectory, "numpy_seed001.py");
    using var p = Process.Start(PythonStart(python, $"\"{script}\" \"{weightsFile}\" 3000 2"))!;
    string output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    var last = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
    return (last.GetProperty("seconds").GetDouble(), last.GetProperty("final_loss").GetDouble());
}

static ProcessStartInfo PythonStart(string python, string arguments)
{
    var start = new ProcessStartInfo(python, arguments) { RedirectStandardOutput = true, UseShellExecute = false };
    // One BLAS thread like libtorch here; OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some machines for old OpenBLAS
    // builds) slow a current numpy, so they are unset for this one command.
    start.Environment["OPENBLAS_NUM_THREADS"] = "1";
    start.Environment.Remove("OPENBLAS_CORETYPE");
    start.Environment.Remove("OPENBLAS_L2_SIZE");
    return start;
}

// K networks of seed 001 trained at once (NetworkSweep), against one network on the fused step, float64, one thread;
// then the throughput at the sizes of the GPU comparison on every device, beside the batched PyTorch loop of
// torch_sweep.py where python3 has torch.
static IEnumerable<Row> SweepRows(bool quick, TextWriter report, ProgressDisplay progress)
{
    set_num_threads(1);
    var config = new SineRegressionConfig();
    var devices = DeviceSelector.Available();
    var sizes = devices.Select(d => (Device: d, Sizes: d.type == TorchSharp.DeviceType.CPU ? (quick ? new[] { 2_560 } : new[] { 2_560, 20_480 }) : new[] { 2_560, 20_480, 163_840 })).ToList();
    string? python = FindPython("torch");
    using var stage = progress.Start("sweeps", 8 + sizes.Sum(s => s.Sizes.Length + 1) + (python is null ? 0 : devices.Count), "runs");
    var one = SineRegression.Run(config, ScalarType.Float64, CPU);
    one.Model.Dispose();
    stage.Advance();
    double alone = Median(Enumerable.Range(0, 3).Select(_ => { var r = SineRegression.Run(config, ScalarType.Float64, CPU); r.Model.Dispose(); stage.Advance(); return r.Seconds; }).ToList());
    yield return new Row("sweep: 1 network alone (fused step)", "cpu", alone, "s", "the reference for the ratios below");
    foreach (var trainer in new[] { TrainerKind.Manual, TrainerKind.Autograd })
        foreach (int count in new[] { 16, 256 })
        {
            var seeds = Enumerable.Range(0, count / 4).Select(i => (long)i).ToArray();
            var rates = new[] { 0.1125, 0.225, 0.45, 0.9 };
            var (cells, seconds) = SineRegressionSweep.Run(config with { Trainer = trainer }, rates, seeds, ScalarType.Float64, CPU);
            stage.Advance();
            string name = trainer.ToString().ToLowerInvariant();
            report.WriteLine($"sweep {name}, {count} networks: {seconds:F2} s");
            yield return new Row($"sweep: {count} networks, {name}", "cpu", seconds, "s", $"{seconds / alone:F1}x one network; final loss {cells.Min(c => c.FinalLoss):G3}–{cells.Max(c => c.FinalLoss):G3}");
        }

    // Network-steps per second: K networks × 300 epochs × 8 steps, the Sweep program's learning rates (¼ … 4 × 0.45).
    var rateConfig = config with { Epochs = 300 };
    var lrs = SineRegressionSweep.DefaultLearningRates(rateConfig);
    foreach (var (device, counts) in sizes)
    {
        SineRegressionSweep.Run(rateConfig with { Epochs = 3 }, lrs, [0, 1], ScalarType.Float64, device);   // warm-up: kernels, allocator, BLAS handles
        stage.Advance();
        foreach (int count in counts)
        {
            var seeds = Enumerable.Range(0, count / lrs.Length).Select(i => (long)i).ToArray();
            var (cells, seconds) = SineRegressionSweep.Run(rateConfig, lrs, seeds, ScalarType.Float64, device);
            stage.Advance();
            double rate = (double)cells.Count * 300 * 8 / seconds;
            report.WriteLine($"sweep rate, {cells.Count:N0} networks on {device}: {rate / 1e6:F2} M network-steps/s");
            yield return new Row($"sweep rate: {cells.Count:N0} networks, manual", device.ToString(), rate, "net-steps/s", $"300 epochs in {seconds:F2} s; {Diverged(cells.Count(c => c.DivergedAtEpoch is not null))}");
        }
    }
    if (python is null)
    {
        yield return new Row("sweep rate: batched PyTorch loop", "cpu", double.NaN, "net-steps/s", "not run: no python3 with torch");
        yield break;
    }
    foreach (var (device, counts) in sizes)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "torch_sweep.py");
        using var p = Process.Start(PythonStart(python, $"\"{script}\" {device} 300 {string.Join(' ', counts)}"))!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        stage.Advance();
        if (p.ExitCode != 0)
        {
            yield return new Row("sweep rate: batched PyTorch loop", device.ToString(), double.NaN, "net-steps/s", $"torch_sweep.py failed (exit {p.ExitCode})");
            continue;
        }
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var r = JsonDocument.Parse(line).RootElement;
            int count = r.GetProperty("networks").GetInt32();
            double rate = r.GetProperty("network_steps_per_second").GetDouble();
            report.WriteLine($"batched PyTorch loop, {count:N0} networks on {device}: {rate / 1e6:F2} M network-steps/s");
            yield return new Row($"sweep rate: {count:N0} networks, PyTorch loop", device.ToString(), rate,
                "net-steps/s", $"torch {r.GetProperty("torch").GetString()} from Python, {r.GetProperty("seconds").GetDouble():F2} s; {Diverged(r.GetProperty("diverged").GetInt32())}");
        }
    }
    set_num_threads(Environment.ProcessorCount);
}

static string Diverged(int count) => count == 0 ? "none diverged" : $"{count} diverged";

// Steps per second and GFLOP/s of the fused step for bigger networks and batches (float32, all threads), against the
// GFLOP/s that torch.mm alone reaches on the same five products (the ceiling). Skinny: one input and one output, so the
// products are thin and elementwise work dominates (DeepRows has the sizes where products dominate).
static IEnumerable<Row> ScalingRows(bool quick, TextWriter report, ProgressDisplay progress)
{
    int[] hiddens = { 5, 64, 512, 2048 };
    int[] batches = { 4, 64, 1024 };
    double budget = quick ? 0.15 : 1.0;
    using var stage = progress.Start("scaling", hiddens.Length * batches.Length, "sizes");
    foreach (int h in hiddens)
        foreach (int b in batches)
        {
            using var scope = NewDisposeScope();
            var config = new SineRegressionConfig { Hidden = h, BatchSize = b, Points = 8 * b, Epochs = 1 };
            var model = SineRegression.CreateModel(config, ScalarType.Float32, CPU);
            var x = linspace(0, 6.28, 8 * b, dtype: ScalarType.Float32).reshape(-1, 1);
            var data = new Dataset(x, x.sin().Plus(1).Over(2));
            var options = SineRegression.Options(config) with { LearningRate = 0.01 };
            Trainer.Fit(model, data, options);                                            // warm-up, sizes the run
            var clock = Stopwatch.StartNew();
            Trainer.Fit(model, data, options);
            int epochs = Math.Max(1, (int)(budget / Math.Max(clock.Elapsed.TotalSeconds, 1e-6)));
            clock.Restart();
            Trainer.Fit(model, data, options with { Epochs = epochs });
            double seconds = clock.Elapsed.TotalSeconds;
            long steps = 8L * epochs;
            double flops = 14.0 * b * h;                                                   // 4·b·h·(in+1) + 6·b·h·out with in = out = 1
            double ceiling = MmCeiling(b, h, budget / 2);
            stage.Advance();
            report.WriteLine($"skinny scaling hidden {h}, batch {b}: {steps / seconds:F0} steps/s");
            yield return new Row($"skinny scaling (1 in, 1 out): hidden {h}, batch {b}", "cpu", steps / seconds, "steps/s", $"fused, float32, {steps} steps");
            yield return new Row($"skinny scaling (1 in, 1 out): hidden {h}, batch {b}", "cpu", flops * steps / seconds / 1e9, "GFLOP/s", $"ceiling {ceiling:G3} GFLOP/s (torch.mm on the same five products)");
        }
}

static double MmCeiling(int b, int h, double budget)
{
    using var scope = NewDisposeScope();
    var xa = rand(b, 2); var wh = rand(2, h); var hh = rand(b, h); var wz = rand(h, 1); var e = rand(b, 1); var wzT = rand(1, h);
    double flops = 14.0 * b * h;
    long reps = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < budget)
    {
        using var inner = NewDisposeScope();
        xa.mm(wh); hh.mm(wz); e.mm(wzT); hh.t().mm(e); xa.t().mm(hh);
        reps++;
    }
    return flops * reps / clock.Elapsed.TotalSeconds / 1e9;
}

// Native memory over a long run of the fused step: live tensors and process RSS at the start and after the steps.
static IEnumerable<Row> MemoryRows(int steps, TextWriter report, ProgressDisplay progress)
{
    set_num_threads(1);
    var config = new SineRegressionConfig { Epochs = steps / 8 };
    long tensorsBefore = Tensor.TotalCount;
    long rssBefore = Process.GetCurrentProcess().WorkingSet64;
    using var stage = progress.Start("memory run", config.Epochs, "epochs");
    var outcome = SineRegression.Run(config, ScalarType.Float64, CPU, onEpoch: e => { if (e.Epoch % 1000 == 0 || e.Epoch + 1 == config.Epochs) stage.Report(e.Epoch + 1); });
    outcome.Model.Dispose();
    GC.Collect();
    GC.WaitForPendingFinalizers();
    long tensorsAfter = Tensor.TotalCount;
    long rssAfter = Process.GetCurrentProcess().WorkingSet64;
    report.WriteLine($"memory: {steps} steps in {outcome.Seconds:F1} s");
    yield return new Row("memory: live tensors, start", "cpu", tensorsBefore, "tensors", "torch.Tensor.TotalCount");
    yield return new Row($"memory: live tensors, after {steps:N0} steps", "cpu", tensorsAfter, "tensors", "the model disposed");
    yield return new Row("memory: process RSS, start", "cpu", rssBefore / 1048576.0, "MiB", "");
    yield return new Row($"memory: process RSS, after {steps:N0} steps", "cpu", rssAfter / 1048576.0, "MiB", $"{outcome.Seconds / steps * 1e6:F2} µs/step incl. per-epoch bookkeeping");
    set_num_threads(Environment.ProcessorCount);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}


/// <summary>One line of the table.</summary>
internal sealed record Row(string Name, string Device, double Value, string Unit, string Note);

using System.CommandLine;
using System.Globalization;
using SigmoidTorch.Articles;
using SigmoidTorch.Articles.Seed000SigmoidNeuronTraining;
using SigmoidTorch.Cli;
using SigmoidTorch.Fast;
using SigmoidTorch.Limits;
using SigmoidTorch.Plotting;

// Seed 000, "Constructing a Sigmoid Perceptron in Python": a two-input sigmoid neuron learns six points, one input per
// update, and every update is drawn as a frame (the neuron's output over a mesh grid, the points on top).
var defaults = new SigmoidNeuronTrainingConfig();
var frames = OptionFactory.Int("--frames", "updates in all, one input each (fed in turn), one frame each", defaults.Frames);
var lr = OptionFactory.PositiveDouble("--lr", "learning rate of w −= lr·grad_w, b −= lr·grad_b", defaults.LearningRate);
var fps = OptionFactory.PositiveDouble("--fps", "frames per second of the animation", 10);
var framePngs = new Option<bool>("--frame-pngs") { Description = "also write every frame as a PNG (frames/frame_NNN.png)" };
var grid = OptionFactory.Int("--grid", "mesh grid points along each input axis of a frame", 100, min: 2, max: 1000);

var command = new RootCommand(
    "Seed 000: a sigmoid neuron σ(w·x + b) learns a six-point toy set, one input per update, one animation frame per update " +
    $"(\"Constructing a Sigmoid Perceptron in Python\"). Starts from w = ({string.Join(", ", SigmoidNeuronTraining.DefaultW)}), " +
    $"b = {SigmoidNeuronTraining.DefaultB}, every point on the wrong side, unless --init-weights or --load says otherwise.")
{
    frames, lr, fps, framePngs, grid,
};
var common = new CommonOptions("SigmoidNeuronTraining", FlagSet.Training | FlagSet.Output)
{
    HasFusedStep = trainer => FusedNetworkStep.Kind.Has(SigmoidNeuronTraining.Spec, trainer, SigmoidNeuronTraining.Loss, SigmoidNeuronTraining.Loss),
};

return ProgramHost.Run(args, command, common, (result, run) =>
{
    var config = new SigmoidNeuronTrainingConfig
    {
        Frames = result.GetValue(frames),
        LearningRate = result.GetValue(lr),
        Trainer = run.Training.Trainer,
    };
    const int FrameWidth = 640, FrameHeight = 480;
    // The inputs are x1 and x2 in every picture (the frames and the 3-D surface).
    var labels = new ContourLabels("x1", "x2", "ŷ = σ(w·x + b)", "class 0 (y = 0)", "class 1 (y = 1)");
    double[] axis = SigmoidNeuronTraining.MeshAxis(SigmoidNeuronTraining.GridMin, SigmoidNeuronTraining.GridMax, result.GetValue(grid));
    var points = SigmoidNeuronTraining.ToyPoints();
    bool writeFrames = run.Output.Plots && result.GetValue(framePngs);
    if (run.Output.Plots)
        MemoryLimits.Require(config.Frames * FrameBytes(FrameWidth, FrameHeight), $"{config.Frames} animation frames of {FrameWidth}×{FrameHeight} (--no-plots draws none)");

    if (run.Output.Plots)
        run.Output.WillWrite(new[] { "training.gif", "loss.png", "sigmoid.png", "surface.png" }
            .Concat(writeFrames ? Enumerable.Range(1, config.Frames).Select(FramePath) : []));
    var start = run.Weights.For(SigmoidNeuronTraining.Spec, WeightLayout.WeightBias);
    using var progress = run.Output.Progress.Start(run.Output.Plots ? "training, drawing frames" : "training", config.Frames, "updates");
    var pictures = new List<byte[]>();
    System.Diagnostics.Stopwatch drawing = new(), encoding = new();
    var outcome = SigmoidNeuronTraining.Run(config, run.Options.DType, run.Options.Device, start, frame =>
    {
        if (run.Output.Plots)
        {
            drawing.Start();
            var png = Charts.Contour($"Update {frame.Step}/{config.Frames}: loss (mse on all 6 points) {frame.Loss:F4}",
                axis, axis, SigmoidNeuronTraining.OutputGrid(frame.Model, axis, axis), points, labels, FrameWidth, FrameHeight);
            pictures.Add(png);
            if (writeFrames) run.Output.WriteFile(FramePath(frame.Step), png);
            drawing.Stop();
        }
        progress.Report(frame.Step, $"loss {frame.Loss:F4}");
    });
    var weights = ArticleLayout.Export(outcome.Model, WeightLayout.WeightBias).ToDictionary(a => a.Name);
    run.Checkpoint.Keep(outcome.Model, new Dictionary<string, string> { ["example"] = "SigmoidNeuronTraining", ["config"] = config.ToString() });
    double[] w = weights["w"].Data;
    double b = weights["b"].Data[0];

    run.Output.Report.WriteLine($"{config.Frames} updates (lr {config.LearningRate.ToString("R", CultureInfo.InvariantCulture)}, trainer {config.Trainer.ToString().ToLowerInvariant()}, {run.Training.Step.ToString().ToLowerInvariant()} step) trained in {outcome.Seconds:F2} s");
    run.Output.Report.WriteLine($"w = [{string.Join(", ", w.Select(v => v.ToString("F6", CultureInfo.InvariantCulture)))}], b = {b.ToString("F6", CultureInfo.InvariantCulture)}");
    run.Output.Report.WriteLine($"loss (mse on the toy set): first update {outcome.LossHistory[0]:F6}, last {outcome.FinalLoss:F6}");
    run.Output.Report.WriteLine($"accuracy (ŷ ≥ 0.5 is class 1): {outcome.Accuracy:F4}");

    if (run.Output.Plots)
    {
        encoding.Start();
        using (var gif = run.Output.Progress.Start("encoding training.gif", pictures.Count, "frames"))
            run.Output.WriteFile("training.gif", AnimatedGif.Encode(pictures, result.GetValue(fps), n => gif.Report(n)));
        encoding.Stop();
        run.Output.Report.WriteLine($"drew {pictures.Count} frames in {drawing.Elapsed.TotalSeconds:F1} s, encoded them in {encoding.Elapsed.TotalSeconds:F1} s");
        using var plots = run.Output.Progress.StartFiles("drawing plots", 3);
        var steps = Enumerable.Range(1, outcome.LossHistory.Count).Select(i => (double)i).ToArray();
        run.Output.WriteFile("loss.png", Charts.Lines($"Loss on the toy set after each update (lr {config.LearningRate})", "update (frame)",
            "mean squared error on all 6 points", new[] { new Series("loss", steps, outcome.LossHistory.ToArray()) }));
        var (z, sigma) = SigmoidNeuronTraining.SigmoidCurve();
        run.Output.WriteFile("sigmoid.png", Charts.Lines("The sigmoid σ(z) = 1/(1 + e^−z)", "z", "σ(z)", new[] { new Series("σ(z)", z, sigma) }));
        run.Output.WriteFile("surface.png", Charts.Surface(
            $"Trained neuron σ(w·x + b), w = ({w[0]:F2}, {w[1]:F2}), b = {b:F2}", SigmoidNeuronTraining.OutputFunction(outcome.Model),
            SigmoidNeuronTraining.GridMin, SigmoidNeuronTraining.GridMax, SigmoidNeuronTraining.GridMin, SigmoidNeuronTraining.GridMax,
            labels.X, labels.Y, labels.Value, gridLines: 40));
    }
    run.Checkpoint.SaveIfAsked();

    if (run.Options.Json)
    {
        JsonOutput.Emit(new
        {
            loss_history = outcome.LossHistory,
            final_loss = outcome.FinalLoss,
            w,
            b,
            accuracy = outcome.Accuracy,
            seconds = outcome.Seconds,
            drawing_seconds = drawing.Elapsed.TotalSeconds,
            encoding_seconds = encoding.Elapsed.TotalSeconds,
            config = JsonOutput.Config(run, config, new() { ["grid"] = axis.Length, ["fps"] = result.GetValue(fps) }),
            files = run.Output.Files,
        });
    }
    return ExitCodes.Success;
});

static string FramePath(int step) => Path.Combine("frames", $"frame_{step:D3}.png");

// What one frame holds until the GIF is written: its PNG (a few tens of kB) and, while the GIF is encoded, its pixels (4 bytes each, twice).
static double FrameBytes(int width, int height) => 64 * 1024 + 8.0 * width * height;

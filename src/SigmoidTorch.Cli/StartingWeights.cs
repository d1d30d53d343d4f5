using SigmoidTorch.Articles;
using SigmoidTorch.Data;
using SigmoidTorch.Models;
using static TorchSharp.torch;

namespace SigmoidTorch.Cli;

/// <summary>
/// Where a run's model starts from: the checkpoint of --load, the named arrays of --init-weights, or neither (the
/// program's own initialisation). A file of the other kind is refused with a line that names the flag it goes to.
/// </summary>
public sealed class StartingWeights
{
    private readonly RunOptions options;
    private readonly TextWriter report;

    /// <summary>The starting weights of --load (<paramref name="loadPath"/>) or --init-weights (<paramref name="initWeights"/>), in the dtype and on the device of <paramref name="options"/>.</summary>
    internal StartingWeights(string? initWeights, string? loadPath, RunOptions options, TextWriter report)
    {
        (InitWeights, LoadPath, this.options, this.report) = (initWeights, loadPath, options, report);
    }

    /// <summary>--init-weights, or null.</summary>
    public string? InitWeights { get; }

    /// <summary>--load, or null.</summary>
    public string? LoadPath { get; }

    /// <summary>
    /// The weights to start a model of <paramref name="spec"/> from, by state_dict name, in the run's dtype on its
    /// device: the checkpoint of --load (which must hold a model of that spec), the arrays of --init-weights in the
    /// article's <paramref name="layout"/>, or null when neither was given.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor>? For(ModelSpec spec, WeightLayout layout) =>
        For(spec, path => ArticleLayout.Load(spec, options.DType, options.Device, path, layout));

    /// <summary>
    /// The weights to start a model of <paramref name="spec"/> from, in the run's dtype: the checkpoint of --load
    /// (which must hold a model of that spec), the file of --init-weights as <paramref name="readInitWeights"/> reads it,
    /// or null when neither was given.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor>? For(ModelSpec spec, Func<string, IReadOnlyDictionary<string, Tensor>> readInitWeights)
    {
        ArgumentNullException.ThrowIfNull(readInitWeights);
        try
        {
            if (LoadPath is not null)
            {
                var loaded = Checkpoint.Load(LoadPath, options.Device, spec);
                report.WriteLine($"loaded {LoadPath} ({loaded.Model.Spec})");
                return loaded.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to(options.DType));
            }
            return InitWeights is null ? null : readInitWeights(InitWeights);
        }
        catch (WeightsFileKindException e)
        {
            throw new SigmoidTorchException(e.IsCheckpoint ? $"{e.Message} (load it with --load)" : $"{e.Message}; a file of named arrays goes to --init-weights", e);
        }
    }
}

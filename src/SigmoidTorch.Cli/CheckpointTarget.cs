using SigmoidTorch.Data;
using SigmoidTorch.Models;

namespace SigmoidTorch.Cli;

/// <summary>The checkpoint file of --save: written once, last, when the whole run has succeeded.</summary>
public sealed class CheckpointTarget
{
    private readonly RunOutput output;
    private volatile bool saving;

    /// <summary>The target <paramref name="path"/> (null: no --save), named in <paramref name="output"/>'s report once written.</summary>
    internal CheckpointTarget(string? path, RunOutput output) => (Path, this.output) = (path, output);

    /// <summary>--save, or null.</summary>
    public string? Path { get; }

    /// <summary>Whether the checkpoint is being written right now.</summary>
    public bool Saving => saving;

    /// <summary>
    /// Saves <paramref name="model"/> to the --save checkpoint (atomically), when one was asked for. Programs call it
    /// last, once everything else (pictures included) has succeeded, so a failed run never replaces a saved model.
    /// </summary>
    public void SaveIfAsked(BackpropModel model, IReadOnlyDictionary<string, string> metadata)
    {
        if (Path is null) return;
        saving = true;
        Checkpoint.Save(Path, model, metadata);
        saving = false;
        output.Wrote(Path);
    }
}

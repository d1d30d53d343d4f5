using SigmoidTorch.Data;
using SigmoidTorch.Models;

namespace SigmoidTorch.Cli;

/// <summary>
/// The checkpoint file of --save: written once, last, when the whole run has succeeded, so a failed run never replaces
/// a saved model. The trained model is handed over as soon as training ends (<see cref="Keep"/>): when the run fails
/// after that (a picture that cannot be written, a full disk, a closed stdout), the model that exists only in memory is
/// saved to a file of its own (<see cref="Rescue"/>), which the error line names.
/// </summary>
public sealed class CheckpointTarget
{
    private readonly RunOutput output;
    private volatile bool saving;
    private BackpropModel? model;
    private IReadOnlyDictionary<string, string>? metadata;
    private bool saved;

    /// <summary>The target <paramref name="path"/> (null: no --save), named in <paramref name="output"/>'s report once written.</summary>
    internal CheckpointTarget(string? path, RunOutput output) => (Path, this.output) = (path, output);

    /// <summary>--save, or null.</summary>
    public string? Path { get; }

    /// <summary>Whether the checkpoint is being written right now.</summary>
    public bool Saving => saving;

    /// <summary>Hands over the trained <paramref name="model"/> and its <paramref name="metadata"/>, as soon as training has ended; <see cref="SaveIfAsked"/> saves it last.</summary>
    public void Keep(BackpropModel model, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metadata);
        (this.model, this.metadata) = (model, metadata);
    }

    /// <summary>
    /// Saves the model of <see cref="Keep"/> to the --save checkpoint (atomically), when one was asked for. Programs call
    /// it last, once everything else (pictures included) has succeeded.
    /// </summary>
    public void SaveIfAsked()
    {
        if (Path is null) return;
        if (model is null || metadata is null) throw new InvalidOperationException("SaveIfAsked before Keep: there is no trained model to save");
        saving = true;
        try
        {
            Checkpoint.Save(Path, model, metadata);
        }
        finally
        {
            saving = false;
        }
        saved = true;
        output.Wrote(Path);
    }

    /// <summary>
    /// After a failure, when --save was asked for and the trained model was kept but not saved: saves it to
    /// <c>PROGRAM-unsaved-TIME.ckpt</c> in the first folder that takes it — the --save file's folder, the current
    /// folder, the temporary folder ($TMPDIR) — and says where, in words that end the error line
    /// ("; the trained model is saved in '…' instead of 'm.ckpt'"). Empty when there was nothing to rescue.
    /// </summary>
    internal string Rescue(string program)
    {
        if (Path is null || model is null || metadata is null || saved) return "";
        string name = $"{program}-unsaved-{DateTime.Now:yyyyMMdd-HHmmss}-{Environment.ProcessId}.ckpt";
        var folders = new[] { System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)), Environment.CurrentDirectory, System.IO.Path.GetTempPath() }
            .Where(f => f is not null && FileStatus.Of(f).Kind == FileKind.Directory).Select(f => System.IO.Path.TrimEndingDirectorySeparator(f!)).Distinct();
        string? why = null;
        foreach (string folder in folders)
        {
            string fallback = System.IO.Path.Combine(folder, name);
            try
            {
                Checkpoint.Save(fallback, model, metadata);
                string shown = folder == Environment.CurrentDirectory ? System.IO.Path.Combine(".", name) : fallback;
                return $"; the trained model is saved in '{shown}' instead of '{Path}'";
            }
            catch (SigmoidTorchException e)
            {
                why = e.Message;
            }
        }
        return $"; the trained model could not be saved elsewhere either ({why ?? "no folder to save it in"})";
    }
}

using SigmoidTorch.Cli.Progress;
using SigmoidTorch.Data;

namespace SigmoidTorch.Cli;

/// <summary>
/// Where a run writes: the report (stdout, or stderr under --json), progress (stderr, <see cref="Progress"/>), and the
/// files of the --out folder, each written atomically and named in the report as it is written.
/// </summary>
public sealed class RunOutput
{
    private readonly List<string> files = new();
    private readonly HashSet<string> declared = new(StringComparer.Ordinal);

    /// <summary>The report and progress of a run under --json (<paramref name="json"/>) or not, and its --out folder (empty when it takes none; <paramref name="plots"/> false under --no-plots).</summary>
    internal RunOutput(bool json, string outputDirectory, bool plots)
    {
        Progress = ProgressDisplay.ForStandardError();
        Report = Progress.Wrap(json ? Console.Error : Console.Out, sharesTerminal: json || !Console.IsOutputRedirected);
        (OutputDirectory, Plots) = (outputDirectory, plots);
    }

    /// <summary>Progress of long stages, on stderr: live bars on a terminal, log lines elsewhere.</summary>
    public ProgressDisplay Progress { get; }

    /// <summary>Where human-readable results go: stdout, or stderr under --json (lines written while a bar is live go above it).</summary>
    public TextWriter Report { get; }

    /// <summary>The folder for pictures and files (empty for a program that writes none).</summary>
    public string OutputDirectory { get; }

    /// <summary>False under --no-plots.</summary>
    public bool Plots { get; }

    /// <summary>
    /// Every file this run wrote, in order, each path as the user gave it: under a relative --out (the default) relative
    /// to the working folder, under an absolute one absolute; --save's path as given.
    /// </summary>
    public IReadOnlyList<string> Files => files;

    // The path of a file in the output folder, as the user gave the folder.
    private string PathOf(string name) => Path.Combine(OutputDirectory, name);

    /// <summary>
    /// Declares the files the run will write into the output folder (names relative to it, e.g. <c>loss.png</c> or
    /// <c>frames/frame_001.png</c>) and checks each before the run starts (<see cref="WriteTargets"/>): a path that
    /// cannot take its file is refused now, not after the training it would have ended. Every name given to
    /// <see cref="WriteFile"/> must have been declared.
    /// </summary>
    public void WillWrite(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (string name in names)
            if (declared.Add(name))
                WriteTargets.File("--out", PathOf(name), tryCreate: false);
    }

    /// <summary>Writes <paramref name="bytes"/> atomically to <paramref name="name"/> (declared with <see cref="WillWrite"/>) in the output folder, records it and names it in the report.</summary>
    public string WriteFile(string name, byte[] bytes)
    {
        if (!declared.Contains(name)) throw new InvalidOperationException($"{name} was not declared with WillWrite before the run started, so it was not checked");
        string path = PathOf(name);
        AtomicFile.WriteAllBytes(path, bytes);
        return Wrote(path);
    }

    /// <summary>
    /// Records a file the run wrote and names it in the report ("wrote PATH"); <paramref name="path"/> is kept as given
    /// (pass the path as the user gave it, not a full path made from it).
    /// </summary>
    public string Wrote(string path)
    {
        files.Add(path);
        Report.WriteLine($"wrote {path}");
        Progress.FileWritten();
        return path;
    }
}

using System.Diagnostics;

namespace SigmoidTorch.Cli;

/// <summary>
/// Where the program's run is, for the line an interrupted run prints: the last stage its progress reported
/// ("training 1,234/3,000") and the files it has written so far.
/// </summary>
public static class RunStatus
{
    private static readonly List<string> WrittenFiles = new();
    private static volatile string stage = "starting up";

    /// <summary>The last stage reported, e.g. "training 1234/3000".</summary>
    public static string Stage => stage;

    /// <summary>Seconds since the program started.</summary>
    public static double Seconds
    {
        get
        {
            using var self = Process.GetCurrentProcess();
            return (DateTime.Now - self.StartTime).TotalSeconds;
        }
    }

    /// <summary>The files written so far, in order.</summary>
    public static IReadOnlyList<string> Files
    {
        get
        {
            lock (WrittenFiles) return WrittenFiles.ToList();
        }
    }

    /// <summary>Records that the run is at <paramref name="done"/> of <paramref name="total"/> in <paramref name="label"/>.</summary>
    public static void Update(string label, long done, long total) => stage = $"{label} {done}/{total}";

    /// <summary>Records the stage the run has entered, e.g. "writing loss.png".</summary>
    public static void Enter(string label) => stage = label;

    /// <summary>Records a file the run wrote.</summary>
    public static void Wrote(string path)
    {
        lock (WrittenFiles) WrittenFiles.Add(path);
    }
}

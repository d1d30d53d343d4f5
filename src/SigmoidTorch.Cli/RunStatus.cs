using System.Diagnostics;

namespace SigmoidTorch.Cli;

/// <summary>
/// Where the program's run is, for the line an interrupted run prints: the last stage its progress reported
/// ("training 1234/3000") or the file it is writing.
/// </summary>
public static class RunStatus
{
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

    /// <summary>Records that the run is at <paramref name="done"/> of <paramref name="total"/> in <paramref name="label"/>.</summary>
    public static void Update(string label, long done, long total) => stage = $"{label} {done}/{total}";

    /// <summary>Records the stage the run has entered, e.g. "writing loss.png".</summary>
    public static void Enter(string label) => stage = label;
}

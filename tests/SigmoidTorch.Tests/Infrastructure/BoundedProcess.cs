using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>A run under a time limit and a memory ceiling: its answer, how long it took, its peak memory, and what limit it broke, if any.</summary>
/// <param name="Result">Exit code and output (what it wrote before it was stopped, when it was).</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="PeakRssBytes">The largest resident set seen (sampled every 50 ms).</param>
/// <param name="Violation">Null, or why it was killed: "ran longer than …" or "used more than … of memory".</param>
public sealed record BoundedResult(ProcessResult Result, double Seconds, long PeakRssBytes, string? Violation)
{
    public override string ToString() =>
        $"{(Violation is null ? "" : $"KILLED: {Violation}\n")}{Seconds:F1} s, peak RSS {PeakRssBytes >> 20} MiB\n{Result}";
}

/// <summary>
/// Runs a process and kills it when it runs longer than a time limit or its resident memory passes a ceiling: the
/// memory is read from /proc/&lt;pid&gt;/status every 50 ms, which works as root, in CI and without cgroups.
/// </summary>
public static class BoundedProcess
{
    /// <summary>
    /// Runs <paramref name="start"/> (stdout and stderr redirected). <paramref name="whileRunning"/>, when given, is
    /// called once with the process as soon as its stderr so far satisfies <paramref name="when"/> (e.g. to send it a
    /// signal once it reports progress).
    /// </summary>
    public static BoundedResult Run(ProcessStartInfo start, TimeSpan limit, long rssCeilingBytes,
                                    Action<Process>? whileRunning = null, Func<string, bool>? when = null)
    {
        using var process = new Process { StartInfo = start };
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.Append(e.Data).Append('\n');
        };
        if (!process.Start()) throw new InvalidOperationException($"could not start {start.FileName}");
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        long peak = 0;
        string? violation = null;
        bool called = whileRunning is null;
        while (!process.WaitForExit(50))
        {
            peak = Math.Max(peak, Rss(process.Id));
            if (peak > rssCeilingBytes) violation = $"used more than {rssCeilingBytes >> 20} MiB of memory";
            else if (clock.Elapsed > limit) violation = $"ran longer than {limit.TotalSeconds:F0} s";
            if (violation is not null)
            {
                process.Kill(entireProcessTree: true);
                break;
            }
            string soFar;
            lock (stderr) soFar = stderr.ToString();
            if (!called && (when?.Invoke(soFar) ?? true))
            {
                called = true;
                whileRunning!(process);
            }
        }
        process.WaitForExit();                                  // also waits for the end of stderr
        string text;
        lock (stderr) text = stderr.ToString();
        return new BoundedResult(new ProcessResult(process.ExitCode, stdout.Result, text), clock.Elapsed.TotalSeconds, peak, violation);
    }

    private static long Rss(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            // the process has just ended
        }
        return 0;
    }
}

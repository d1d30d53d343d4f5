using System.Diagnostics;
using SigmoidTorch.Articles.Seed001SineRegression;
using SigmoidTorch.Cli.Progress;
using static TorchSharp.torch;

/// <summary>
/// The rows of wide networks: seed 001's whole run (setup, starting weights, one epoch, the dead-unit check and the
/// evaluation at the test points, as SineRegression --epochs 1 --no-plots runs it) against the hidden size, so that
/// what runs before and after training shows up when it stops growing in proportion to the network. Each row gives
/// the seconds, the training loop's share, the time per hidden unit and the process's peak memory during the run.
/// </summary>
internal static class WidthRows
{
    /// <summary>One run per hidden size (10³ to 10⁶; 10⁵ at most with <paramref name="quick"/>), float64, every core.</summary>
    public static IEnumerable<Row> Rows(bool quick, TextWriter report, ProgressDisplay progress)
    {
        set_num_threads(Environment.ProcessorCount);
        int[] widths = quick ? [1_000, 10_000, 100_000] : [1_000, 10_000, 100_000, 1_000_000];
        SineRegression.Run(new SineRegressionConfig { Hidden = 100, Epochs = 1 }, ScalarType.Float64, CPU).Model.Dispose();   // warm-up: compiles the paths
        using var stage = progress.Start("width", widths.Length, "sizes");
        foreach (int hidden in widths)
        {
            var config = new SineRegressionConfig { Hidden = hidden, Epochs = 1 };
            bool peak = PeakMemory.Reset();
            var clock = Stopwatch.StartNew();
            var outcome = SineRegression.Run(config, ScalarType.Float64, CPU);
            double seconds = clock.Elapsed.TotalSeconds;
            outcome.Model.Dispose();
            string memory = peak && PeakMemory.Read() is { } bytes ? $"peak RSS {bytes / 1048576.0:F0} MiB" : "peak RSS not measured (needs Linux's /proc/self/clear_refs)";
            stage.Advance();
            report.WriteLine($"width {hidden}: {seconds:F2} s, training {outcome.Seconds:F2} s, {memory}");
            yield return new Row($"width: seed 001 run, hidden {hidden:N0}", "cpu", seconds, "s",
                $"1 epoch, float64; training {outcome.Seconds:F2} s; {seconds / hidden * 1e6:F2} µs per hidden unit; {memory}");
        }
    }

    /// <summary>The process's peak resident memory (VmHWM), which Linux resets on request.</summary>
    private static class PeakMemory
    {
        /// <summary>Resets the peak to the current resident memory; false where that cannot be done.</summary>
        public static bool Reset()
        {
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>The peak since the last <see cref="Reset"/>, in bytes, or null where /proc/self/status does not say.</summary>
        public static long? Read()
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is not null && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], out long kib) ? kib * 1024 : null;
        }
    }
}

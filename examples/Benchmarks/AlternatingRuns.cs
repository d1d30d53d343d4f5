using SigmoidTorch.Cli.Progress;

/// <summary>
/// Times the variants of one workload so that a noisy machine slows them alike: each runs once to warm up, then all of
/// them in turn, a number of rounds, each run logged as it ends.
/// </summary>
internal static class AlternatingRuns
{
    /// <summary>
    /// Runs each of <paramref name="variants"/> once, then all in turn <paramref name="repeats"/> times; returns each
    /// variant's results by its name, in the order they were measured, and logs each run as
    /// "<paramref name="label"/> repeat r/n: name: x.xxx s" (its time from <paramref name="seconds"/>).
    /// </summary>
    public static Dictionary<string, List<T>> Measure<T>(string label, IReadOnlyList<(string Name, Func<T> Run)> variants, int repeats,
                                                         Func<T, double> seconds, TextWriter report, ProgressDisplay progress)
    {
        var samples = variants.ToDictionary(v => v.Name, _ => new List<T>());
        using var stage = progress.Start($"{label} runs", variants.Count * (repeats + 1L), "runs");
        foreach (var v in variants)                                                  // warm-up
        {
            v.Run();
            stage.Advance();
        }
        for (int r = 0; r < repeats; r++)
            foreach (var v in variants)
            {
                samples[v.Name].Add(v.Run());
                stage.Advance();
                report.WriteLine($"{label} repeat {r + 1}/{repeats}: {v.Name}: {seconds(samples[v.Name][^1]):F3} s");
            }
        return samples;
    }
}

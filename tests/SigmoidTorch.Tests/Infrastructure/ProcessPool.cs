namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// Runs the cases of a process-based test class all at once, a few at a time (each is a process of its own, mostly
/// waiting on startup): its rows then only check their answers, so more cases add little wall time.
/// </summary>
public static class ProcessPool
{
    /// <summary>Starts <paramref name="run"/> for every case, at most max(2, cores) at a time; the tasks by case name.</summary>
    public static IReadOnlyDictionary<string, Task<TResult>> Start<TCase, TResult>(IEnumerable<TCase> cases, Func<TCase, string> name, Func<TCase, TResult> run)
    {
        var gate = new SemaphoreSlim(Math.Max(2, Environment.ProcessorCount));
        return cases.ToDictionary(name, c => Task.Run(async () =>
        {
            await gate.WaitAsync();
            try
            {
                return run(c);
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}

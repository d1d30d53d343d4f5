namespace SigmoidTorch.TestLogger;

/// <summary>
/// Skipped tests gathered by test method and reason, for a console that shows one line per group instead of one per
/// row: a theory whose 315 CUDA rows are all skipped for the same reason is one line with the count and the reason.
/// </summary>
public sealed class SkipSummary
{
    private readonly Dictionary<(string Method, string Reason), int> counts = new();
    private readonly object gate = new();

    /// <summary>How many skipped tests were added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds one skipped test of <paramref name="method"/>: its fully qualified name (a theory row's arguments, if given, are dropped).</summary>
    public void Add(string method, string? reason)
    {
        ArgumentNullException.ThrowIfNull(method);
        int open = method.IndexOf('(', StringComparison.Ordinal);
        lock (gate)
        {
            var key = (open < 0 ? method : method[..open], string.IsNullOrWhiteSpace(reason) ? "(no reason given)" : reason.ReplaceLineEndings(" ").Trim());
            counts[key] = counts.GetValueOrDefault(key) + 1;
            Count++;
        }
    }

    /// <summary>One line per test method and reason, in name order: "skipped 315 rows of Class.Method: reason".</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (gate)
        {
            return counts.OrderBy(kv => kv.Key.Method, StringComparer.Ordinal).ThenBy(kv => kv.Key.Reason, StringComparer.Ordinal)
                .Select(kv => kv.Value == 1
                    ? $"skipped {ShortName(kv.Key.Method)}: {kv.Key.Reason}"
                    : $"skipped {kv.Value} rows of {ShortName(kv.Key.Method)}: {kv.Key.Reason}")
                .ToList();
        }
    }

    /// <summary>The test method's name with its class, from the fully qualified name: "Namespace.Class.Method" → "Class.Method".</summary>
    public static string ShortName(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        int last = method.LastIndexOf('.');
        int classStart = last <= 0 ? -1 : method.LastIndexOf('.', last - 1);
        return classStart < 0 ? method : method[(classStart + 1)..];
    }
}

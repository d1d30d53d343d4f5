namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// A covering array of strength 2 ("all pairs"): rows of factor levels such that every pair of levels of every two
/// factors appears in some row, far fewer rows than the full product (for factors of 4, 2, 3, 18, 3, 3 and 2 levels,
/// about 80 rows instead of 15,552). Built greedily and deterministically: each new row starts from the first pair not
/// yet covered and takes, factor by factor, the level that covers the most pairs not yet covered (the lowest level on
/// a tie).
/// </summary>
public static class AllPairs
{
    /// <summary>Rows of level indices, one per factor (factor i has <paramref name="levels"/>[i] levels), covering every pair.</summary>
    public static IReadOnlyList<int[]> Rows(IReadOnlyList<int> levels)
    {
        int n = levels.Count;
        var uncovered = new HashSet<(int, int, int, int)>();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                for (int a = 0; a < levels[i]; a++)
                    for (int b = 0; b < levels[j]; b++)
                        uncovered.Add((i, a, j, b));
        var rows = new List<int[]>();
        while (uncovered.Count > 0)
        {
            var (i0, a0, j0, b0) = uncovered.Min();
            var row = Enumerable.Repeat(-1, n).ToArray();
            (row[i0], row[j0]) = (a0, b0);
            for (int f = 0; f < n; f++)
            {
                if (row[f] >= 0) continue;
                int best = 0, bestGain = -1;
                for (int level = 0; level < levels[f]; level++)
                {
                    int gain = 0;
                    for (int g = 0; g < n; g++)
                        if (g != f && row[g] >= 0 && uncovered.Contains(g < f ? (g, row[g], f, level) : (f, level, g, row[g])))
                            gain++;
                    if (gain > bestGain) (best, bestGain) = (level, gain);
                }
                row[f] = best;
            }
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++)
                    uncovered.Remove((i, row[i], j, row[j]));
            rows.Add(row);
        }
        return rows;
    }
}

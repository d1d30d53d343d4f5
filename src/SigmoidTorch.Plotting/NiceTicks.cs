using System.Globalization;

namespace SigmoidTorch.Plotting;

/// <summary>
/// Tick positions at round numbers: for linear ranges (the 3-D axes of <see cref="Charts.Surface"/>) and for
/// axes that carry log10 of the data (<see cref="Charts.Lines"/> with a logarithmic y axis). Axes fitted to data
/// (<see cref="LogAxis"/>, <see cref="LinearCovering"/>) end at labelled values at or beyond the data, so the labels
/// span everything drawn.
/// </summary>
internal static class NiceTicks
{
    /// <summary>A major tick at <paramref name="Position"/> with text <paramref name="Label"/>, or a minor one (no label).</summary>
    internal readonly record struct TickMark(double Position, string? Label)
    {
        public bool IsMajor => Label is not null;
    }

    /// <summary>
    /// The round step nearest to <paramref name="rawStep"/>: <c>Mantissa</c> (1, 2, 5 or 10) times 10^<c>Exponent</c>.
    /// </summary>
    internal static (int Mantissa, int Exponent) NiceStep(double rawStep)
    {
        if (!(rawStep > 0) || double.IsInfinity(rawStep))
            return (1, 0);
        int exponent = (int)Math.Floor(Math.Log10(rawStep));
        double fraction = rawStep / Math.Pow(10, exponent);
        int mantissa = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        return (mantissa, exponent);
    }

    /// <summary>About <paramref name="target"/> round values inside [<paramref name="lo"/>, <paramref name="hi"/>].</summary>
    internal static double[] Linear(double lo, double hi, int target = 5)
    {
        if (hi < lo)
            (lo, hi) = (hi, lo);
        if (hi == lo)
            return [lo];
        var (mantissa, exponent) = NiceStep((hi - lo) / Math.Max(1, target));
        double scale = Math.Pow(10, Math.Abs(exponent));
        // k·mantissa is an exact integer; one multiplication or division by an exact power of ten then rounds once,
        // so 3 × 0.2 comes out as 0.6 rather than 0.6000000000000001.
        double Value(long k) => exponent >= 0 ? k * mantissa * scale : k * mantissa / scale;
        double step = Value(1);
        long first = (long)Math.Ceiling(lo / step - 1e-9), last = (long)Math.Floor(hi / step + 1e-9);
        var values = new List<double>();
        for (long k = first; k <= last; k++)
            values.Add(Value(k));
        return [.. values];
    }

    /// <summary>
    /// A round value printed for a tick label: shortest form up to six significant digits ("1000", "0.02", "1E-05"),
    /// invariant culture.
    /// </summary>
    internal static string TickLabel(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>
    /// A logarithmic axis for data spanning [<paramref name="logLo"/>, <paramref name="logHi"/>] (log10 of the values):
    /// the axis runs from a labelled value at or below the data's lowest (<c>Lo</c>) to one at or above its highest
    /// (<c>Hi</c>), so the labels cover the whole curve. Labels show the value itself (10^coordinate). Majors are
    /// chosen as decades (1×10^n), then 1, 2, 5 ×10^n, then 1..9 ×10^n: the first that gives at least three labels
    /// while the data fill at least two thirds of the axis. A range narrower than that (under about a factor of 2) gets
    /// round linear values; more than ten decades are thinned to every k-th. The other integer multiples of each
    /// decade inside the axis become minor ticks.
    /// </summary>
    internal static (double Lo, double Hi, TickMark[] Ticks) LogAxis(double logLo, double logHi)
    {
        if (logHi < logLo)
            (logLo, logHi) = (logHi, logLo);
        if (logHi - logLo < 1e-9)
            (logLo, logHi) = (logLo - 0.05, logHi + 0.05); // one value: a narrow band around it
        double span = logHi - logLo;

        int dMin = (int)Math.Floor(logLo), dMax = (int)Math.Ceiling(logHi);
        if (dMax - dMin > 10)
        {
            int every = (int)Math.Ceiling((dMax - dMin) / 8.0);
            int lo = FloorTo(dMin, every), hi = -FloorTo(-dMax, every);
            var wide = new List<TickMark>();
            for (int d = lo; d <= hi; d++)
                wide.Add(new TickMark(d, d % every == 0 ? TickLabel(Math.Pow(10, d)) : null));
            return (lo, hi, [.. wide]);
        }

        int[][] mantissaSets = [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]];
        foreach (int[] set in mantissaSets)
        {
            // Candidate majors from a decade below to a decade above the data.
            var candidates = new List<(double Position, double Value)>();
            for (int d = dMin - 1; d <= dMax + 1; d++)
                foreach (int m in set)
                    candidates.Add((Math.Log10(m) + d, m * Math.Pow(10, d)));
            double lo = candidates.Where(c => c.Position <= logLo + 1e-12).Max(c => c.Position);
            double hi = candidates.Where(c => c.Position >= logHi - 1e-12).Min(c => c.Position);
            var majors = candidates.Where(c => c.Position >= lo - 1e-12 && c.Position <= hi + 1e-12).ToList();
            if (majors.Count < 3 || span < (hi - lo) * 2 / 3)
                continue;
            var ticks = majors.Select(c => new TickMark(c.Position, TickLabel(c.Value))).ToList();
            for (int d = dMin - 1; d <= dMax + 1; d++)
            {
                for (int m = 2; m <= 9; m++)
                {
                    double p = Math.Log10(m) + d;
                    if (!set.Contains(m) && p > lo && p < hi)
                        ticks.Add(new TickMark(p, null));
                }
            }
            return (lo, hi, [.. ticks]);
        }

        // Less than about a factor of 2 between the ends: round values in linear terms, placed at their logs.
        var (linearLo, linearHi, values) = LinearCovering(Math.Pow(10, logLo), Math.Pow(10, logHi));
        return (Math.Log10(linearLo), Math.Log10(linearHi), [.. values.Select(v => new TickMark(Math.Log10(v), TickLabel(v)))]);
    }

    /// <summary>
    /// About <paramref name="target"/> round values from the last at or below <paramref name="lo"/> to the first at or
    /// above <paramref name="hi"/>, and those two ends.
    /// </summary>
    internal static (double Lo, double Hi, double[] Values) LinearCovering(double lo, double hi, int target = 4)
    {
        if (hi < lo)
            (lo, hi) = (hi, lo);
        if (hi == lo)
            return (lo, hi, [lo]);
        var (mantissa, exponent) = NiceStep((hi - lo) / Math.Max(1, target));
        double scale = Math.Pow(10, Math.Abs(exponent));
        double Value(long k) => exponent >= 0 ? k * mantissa * scale : k * mantissa / scale;
        double step = Value(1);
        long first = (long)Math.Floor(lo / step + 1e-9), last = (long)Math.Ceiling(hi / step - 1e-9);
        var values = new List<double>();
        for (long k = first; k <= last; k++)
            values.Add(Value(k));
        return (values[0], values[^1], [.. values]);
    }

    // The largest multiple of k at or below n (k > 0).
    private static int FloorTo(int n, int k) => (int)Math.Floor((double)n / k) * k;
}

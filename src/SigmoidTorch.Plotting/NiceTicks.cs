using System.Globalization;

namespace SigmoidTorch.Plotting;

/// <summary>
/// Tick positions at round numbers: for linear ranges (the 3-D axes of <see cref="Charts.Surface"/>) and for
/// axes that carry log10 of the data (<see cref="Charts.Lines"/> with a logarithmic y axis).
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
    /// Ticks for an axis whose coordinate is log10 of the value, spanning [<paramref name="logLo"/>, <paramref name="logHi"/>]
    /// (both in log10 units). Labels show the value itself (10^coordinate). Majors are chosen as decades (1×10^n), then
    /// 1, 2, 5 ×10^n, then 1..9 ×10^n, whichever first gives at least three inside the range; a range narrower than
    /// that gets round linear values. Many decades are thinned to every k-th. Remaining 1..9 ×10^n become minor ticks.
    /// </summary>
    internal static TickMark[] Log10(double logLo, double logHi)
    {
        if (logHi < logLo)
            (logLo, logHi) = (logHi, logLo);
        int dMin = (int)Math.Floor(logLo);
        int dMax = (int)Math.Ceiling(logHi);
        bool Inside(double p) => p >= logLo - 1e-12 && p <= logHi + 1e-12;

        int decades = dMax - dMin;
        if (decades > 10)
        {
            int every = (int)Math.Ceiling(decades / 8.0);
            var wide = new List<TickMark>();
            for (int d = dMin; d <= dMax; d++)
            {
                if (!Inside(d))
                    continue;
                wide.Add(d % every == 0 ? new TickMark(d, TickLabel(Math.Pow(10, d))) : new TickMark(d, null));
            }
            return [.. wide];
        }

        int[][] mantissaSets = [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]];
        foreach (int[] set in mantissaSets)
        {
            var majors = new List<TickMark>();
            var minors = new List<TickMark>();
            for (int d = dMin; d <= dMax; d++)
            {
                for (int m = 1; m <= 9; m++)
                {
                    double p = Math.Log10(m) + d;
                    if (!Inside(p))
                        continue;
                    if (set.Contains(m))
                        majors.Add(new TickMark(p, TickLabel(m * Math.Pow(10, d))));
                    else
                        minors.Add(new TickMark(p, null));
                }
            }
            if (majors.Count >= 3)
                return [.. majors, .. minors];
        }

        // Less than about a factor of 2 between the ends: round values in linear terms, placed at their logs.
        double vLo = Math.Pow(10, logLo), vHi = Math.Pow(10, logHi);
        return [.. Linear(vLo, vHi).Where(v => v > 0).Select(v => new TickMark(Math.Log10(v), TickLabel(v)))];
    }
}

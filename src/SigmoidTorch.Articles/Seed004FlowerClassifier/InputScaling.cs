namespace SigmoidTorch.Articles.Seed004FlowerClassifier;

/// <summary>
/// A per-input affine map x' = (x − Mean) / Std applied before a model sees its inputs; <see cref="Identity"/> leaves
/// them as they are. It turns weights learned on x' back into weights on x, so a boundary can be drawn in the
/// inputs' own units.
/// </summary>
/// <param name="Mean">What is subtracted from each input.</param>
/// <param name="Std">What each input is then divided by (above 0).</param>
public sealed record InputScaling(double[] Mean, double[] Std)
{
    /// <summary>No scaling, for <paramref name="inputs"/> inputs.</summary>
    public static InputScaling Identity(int inputs) => new(new double[inputs], Enumerable.Repeat(1.0, inputs).ToArray());

    /// <summary>Whether this is the identity.</summary>
    public bool IsIdentity => Mean.All(m => m == 0) && Std.All(s => s == 1);

    /// <summary>
    /// Mean 0 and (population) standard deviation 1 per column of <paramref name="rows"/>; a constant column is only
    /// centred.
    /// </summary>
    public static InputScaling Standardizing(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new SigmoidTorchException("cannot standardise no rows");
        int n = rows[0].Length;
        var mean = Enumerable.Range(0, n).Select(j => rows.Average(r => r[j])).ToArray();
        var std = Enumerable.Range(0, n).Select(j => Math.Sqrt(rows.Average(r => (r[j] - mean[j]) * (r[j] - mean[j])))).ToArray();
        return new InputScaling(mean, std.Select(s => s > 0 ? s : 1).ToArray());
    }

    /// <summary>x' = (x − Mean) / Std.</summary>
    public double[] Apply(IReadOnlyList<double> x) => x.Select((v, j) => (v - Mean[j]) / Std[j]).ToArray();

    /// <summary>
    /// The weights and bias on the raw inputs that give the same w'·x' + b' as <paramref name="w"/> and
    /// <paramref name="b"/> on the scaled ones: wⱼ = w'ⱼ/Stdⱼ, b = b' − Σ w'ⱼ·Meanⱼ/Stdⱼ.
    /// </summary>
    public (double[] W, double B) Unscale(IReadOnlyList<double> w, double b) =>
        (w.Select((v, j) => v / Std[j]).ToArray(), b - w.Select((v, j) => v * Mean[j] / Std[j]).Sum());
}

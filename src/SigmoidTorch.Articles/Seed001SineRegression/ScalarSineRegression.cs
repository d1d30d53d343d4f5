namespace SigmoidTorch.Articles.Seed001SineRegression;

/// <summary>
/// Seed 001's training loop in plain scalar C#, in the article's own layout (inputs with a column of ones, Wh with
/// the bias row first, Wz, E = Y − Z, updates added), operation for operation as its numpy program does them.
/// Independent of TorchSharp: the oracle of the step-for-step test, and the floor of the benchmarks.
/// </summary>
public static class ScalarSineRegression
{
    /// <summary>
    /// Trains from <paramref name="whStart"/> ([1 + in or in, hidden], bias row first when <paramref name="whStart"/> has 2 rows)
    /// and <paramref name="wzStart"/> ([hidden, 1]) and returns the loss of every epoch (mean over batches of ΣE²).
    /// </summary>
    public static List<double> LossHistory(double[] x, double[] yNormalised, double[,] whStart, double[,] wzStart, int epochs, int batchSize,
                                           double learningRate, Func<double, double> activate, Func<double, double> activatePrime)
    {
        int n = x.Length, inputs = whStart.GetLength(0), hidden = whStart.GetLength(1);
        var wh = (double[,])whStart.Clone();
        var wz = (double[,])wzStart.Clone();
        var history = new List<double>();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var epochLoss = new List<double>();
            for (int start = 0; start < n; start += batchSize)
            {
                int b = Math.Min(batchSize, n - start);
                var xb = new double[b, inputs];
                for (int i = 0; i < b; i++)
                {
                    if (inputs == 2) { xb[i, 0] = 1; xb[i, 1] = x[start + i]; }
                    else xb[i, 0] = x[start + i];
                }
                var h = new double[b, hidden];
                var z = new double[b];
                var e = new double[b];
                var dz = new double[b];
                var dh = new double[b, hidden];
                for (int i = 0; i < b; i++)
                    for (int j = 0; j < hidden; j++)
                    {
                        double s = 0;
                        for (int k = 0; k < inputs; k++) s += xb[i, k] * wh[k, j];
                        h[i, j] = activate(s);                                   // H = activate(Xb·Wh)
                    }
                double sse = 0;
                for (int i = 0; i < b; i++)
                {
                    double s = 0;
                    for (int j = 0; j < hidden; j++) s += h[i, j] * wz[j, 0];
                    z[i] = activate(s);                                          // Z = activate(H·Wz)
                    e[i] = yNormalised[start + i] - z[i];                        // E = Yb − Z
                    sse += e[i] * e[i];
                    dz[i] = e[i] * activatePrime(z[i]);                          // dZ = E ⊙ f'(Z)
                }
                epochLoss.Add(sse);
                for (int i = 0; i < b; i++)
                    for (int j = 0; j < hidden; j++)
                        dh[i, j] = dz[i] * wz[j, 0] * activatePrime(h[i, j]);    // dH = dZ·Wzᵀ ⊙ f'(H)
                for (int j = 0; j < hidden; j++)
                {
                    double s = 0;
                    for (int i = 0; i < b; i++) s += h[i, j] * dz[i];
                    wz[j, 0] += s * learningRate;                                 // Wz += Hᵀ·dZ·L
                }
                for (int k = 0; k < inputs; k++)
                    for (int j = 0; j < hidden; j++)
                    {
                        double s = 0;
                        for (int i = 0; i < b; i++) s += xb[i, k] * dh[i, j];
                        wh[k, j] += s * learningRate;                             // Wh += Xbᵀ·dH·L
                    }
            }
            history.Add(epochLoss.Average());                                     // mse = np.average(epochLoss)
        }
        return history;
    }
}

using static TorchSharp.torch;

namespace SigmoidTorch.Data;

/// <summary>
/// Inputs X ([N, features]) and targets Y ([N, outputs]), one sample per row, checked on the way in:
/// two-dimensional, the same number of rows, at least one row, same dtype and device, every value finite.
/// </summary>
public sealed class Dataset
{
    /// <summary>Wraps <paramref name="x"/> and <paramref name="y"/> after checking them.</summary>
    public Dataset(Tensor x, Tensor y)
    {
        if (x.dim() != 2) throw new SigmoidTorchException($"inputs must be a 2-D [samples, features] tensor, got shape [{string.Join(", ", x.shape)}]");
        if (y.dim() != 2) throw new SigmoidTorchException($"targets must be a 2-D [samples, outputs] tensor, got shape [{string.Join(", ", y.shape)}]");
        if (x.shape[0] == 0) throw new SigmoidTorchException("the data set is empty: no samples");
        if (x.shape[0] != y.shape[0]) throw new SigmoidTorchException($"inputs have {x.shape[0]} samples but targets have {y.shape[0]}");
        if (x.dtype != y.dtype) throw new SigmoidTorchException($"inputs are {x.dtype} but targets are {y.dtype}");
        if (x.device.ToString() != y.device.ToString()) throw new SigmoidTorchException($"inputs are on {x.device} but targets are on {y.device}");
        if (x.dtype is not (ScalarType.Float32 or ScalarType.Float64)) throw new SigmoidTorchException($"inputs must be float32 or float64, got {x.dtype}");
        if (x.device.type == TorchSharp.DeviceType.META) throw new SigmoidTorchException("the data is on the meta device, which holds shapes but no values: put it on cpu or cuda");
        CheckFinite(x, "inputs");
        CheckFinite(y, "targets");
        X = x;
        Y = y;
    }

    /// <summary>The inputs, [N, features].</summary>
    public Tensor X { get; }

    /// <summary>The targets, [N, outputs].</summary>
    public Tensor Y { get; }

    /// <summary>N, the number of samples.</summary>
    public int Count => (int)X.shape[0];

    /// <summary>Builds a data set from row-major arrays.</summary>
    public static Dataset FromArrays(double[,] x, double[,] y, ScalarType dtype = ScalarType.Float64, Device? device = null) =>
        new(tensor(x, dtype: dtype, device: device), tensor(y, dtype: dtype, device: device));

    /// <summary>The same data in another dtype and on another device.</summary>
    public Dataset To(ScalarType dtype, Device device) => new(X.to(dtype, device), Y.to(dtype, device));

    /// <summary>
    /// The mini-batches of one epoch: consecutive slices of <paramref name="batchSize"/> rows (the last may be smaller),
    /// in the order given by <paramref name="order"/> (a permutation of the rows) or in storage order when it is null.
    /// </summary>
    public IReadOnlyList<(Tensor X, Tensor Y)> Batches(int batchSize, Tensor? order = null)
    {
        if (batchSize <= 0) throw new SigmoidTorchException($"batch size must be at least 1, got {batchSize}");
        var (x, y) = order is null ? (X, Y) : (X.index_select(0, order), Y.index_select(0, order));
        var xs = x.split(batchSize);
        var ys = y.split(batchSize);
        return xs.Zip(ys).ToList();
    }

    private static void CheckFinite(Tensor t, string what)
    {
        using var scope = NewDisposeScope();
        var bad = t.isfinite().logical_not().nonzero();
        if (bad.shape[0] > 0)
        {
            long row = bad[0, 0].item<long>(), col = bad[0, 1].item<long>();
            double value = t[row, col].to(ScalarType.Float64).item<double>();
            throw new SigmoidTorchException($"{what} contain {bad.shape[0]} non-finite value(s), the first {value} at row {row}, column {col}");
        }
    }
}

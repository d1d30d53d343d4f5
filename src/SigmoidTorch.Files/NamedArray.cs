using static TorchSharp.torch;

namespace SigmoidTorch.Data;

/// <summary>A named n-dimensional array of doubles (row-major), as stored in weight files.</summary>
/// <param name="Name">The array's name, e.g. <c>Wh</c>.</param>
/// <param name="Shape">Its shape; empty for a scalar.</param>
/// <param name="Data">Its values, row-major.</param>
public sealed record NamedArray(string Name, long[] Shape, double[] Data)
{
    /// <summary>The shape as text, e.g. <c>[2, 5]</c>.</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";

    /// <summary>The array as a tensor of <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    public Tensor ToTensor(ScalarType dtype = ScalarType.Float64, Device? device = null) =>
        tensor(Data, dtype: ScalarType.Float64).reshape(Shape).to(dtype, device ?? CPU);

    /// <summary>The array as a matrix; it must be two-dimensional.</summary>
    public double[,] ToMatrix()
    {
        if (Shape.Length != 2) throw new SigmoidTorchException($"'{Name}' has shape {ShapeText}, not a matrix");
        var m = new double[Shape[0], Shape[1]];
        Buffer.BlockCopy(Data, 0, m, 0, Data.Length * sizeof(double));
        return m;
    }

    /// <summary>Copies a tensor into a named array (as float64).</summary>
    public static NamedArray From(string name, Tensor value)
    {
        using var cpu = value.detach().to(ScalarType.Float64, CPU).contiguous();
        return new NamedArray(name, value.shape, cpu.data<double>().ToArray());
    }
}

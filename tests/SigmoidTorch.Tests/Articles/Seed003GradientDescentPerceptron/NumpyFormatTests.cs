using SigmoidTorch.Articles.Seed003GradientDescentPerceptron;
using Xunit;

namespace SigmoidTorch.Tests.Articles.Seed003GradientDescentPerceptron;

public class NumpyFormatTests
{
    /// <summary>The expected strings are what numpy 1.24 prints for the same arrays (str(np.array(a)) and its [n, 1] reshape).</summary>
    [Theory]
    [InlineData(new[] { 1.0, 0.5 }, "[1.  0.5]", "[[1. ]\n [0.5]]")]
    [InlineData(new[] { 1e-5, 2.5e-6 }, "[1.0e-05 2.5e-06]", "[[1.0e-05]\n [2.5e-06]]")]
    [InlineData(new[] { -0.2688417, 0.28990482 }, "[-0.2688417   0.28990482]", "[[-0.2688417 ]\n [ 0.28990482]]")]
    [InlineData(new[] { 0.0, -0.0, 3.25 }, "[ 0.   -0.    3.25]", "[[ 0.  ]\n [-0.  ]\n [ 3.25]]")]
    [InlineData(new[] { 123456789.0, 1.5 }, "[1.23456789e+08 1.50000000e+00]", "[[1.23456789e+08]\n [1.50000000e+00]]")]
    [InlineData(new[] { 0.001, 5.0 }, "[1.e-03 5.e+00]", "[[1.e-03]\n [5.e+00]]")]
    [InlineData(new[] { 0.001, 0.5 }, "[0.001 0.5  ]", "[[0.001]\n [0.5  ]]")]
    [InlineData(new[] { 1e-100, 1.0 }, "[1.e-100 1.e+000]", "[[1.e-100]\n [1.e+000]]")]
    [InlineData(new[] { 0.123456789, -12.5 }, "[  0.12345679 -12.5       ]", "[[  0.12345679]\n [-12.5       ]]")]
    public void PrintsAsNumpyDoes(double[] values, string vector, string column)
    {
        Assert.Equal(vector, NumpyFormat.Vector(values));
        Assert.Equal(column, NumpyFormat.Column(values));
    }
}

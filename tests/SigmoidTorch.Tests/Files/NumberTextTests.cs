using SigmoidTorch.Data;
using Xunit;

namespace SigmoidTorch.Tests.Files;

/// <summary>Numbers are read one way in every locale: the decimal point only, no separators, no spaces, no control characters.</summary>
public class NumberTextTests
{
    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-0.25", -0.25)]
    [InlineData("+3", 3.0)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("2e-3", 0.002)]
    [InlineData("1E+308", 1e308)]
    [InlineData("1e999", double.PositiveInfinity)]
    [InlineData("NaN", double.NaN)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    public void NumbersWithADecimalPointRead(string text, double expected)
    {
        Assert.True(NumberText.TryParseDouble(text, out double value), text);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("1,000.5")]
    [InlineData("1 000")]
    [InlineData(" 1.5")]
    [InlineData("1.5 ")]
    [InlineData("1.5\0")]
    [InlineData("1.5\n")]
    [InlineData("\t1")]
    [InlineData("0x10")]
    [InlineData("١٫٥")]
    [InlineData("1.5.2")]
    [InlineData("e5")]
    [InlineData("")]
    [InlineData("∞")]
    [InlineData("--1")]
    public void AnythingElseIsNotANumber(string text) => Assert.False(NumberText.TryParseDouble(text, out _), text);

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void WholeNumbersRead(string text, long expected)
    {
        Assert.True(NumberText.TryParseInt64(text, out long value));
        Assert.Equal(expected, value);
    }

    [Theory, InlineData("1.0"), InlineData("1,000"), InlineData("1e3"), InlineData("9223372036854775808"), InlineData("7\0"), InlineData(" 7")]
    public void OtherWholeNumbersAreRefused(string text) => Assert.False(NumberText.TryParseInt64(text, out _), text);

    [Theory]
    [InlineData("1,5", "a number with a decimal point, e.g. 1.5")]
    [InlineData("0,25", "a number with a decimal point, e.g. 0.25")]
    [InlineData("fast", "a number")]
    [InlineData("1,2,3", "a number")]
    public void TheExpectedFormIsNamed(string text, string expected) => Assert.Equal(expected, NumberText.Expected(text));

    [Theory]
    [InlineData("0,6.28", new[] { 0.0, 6.28 })]
    [InlineData(" -1 , 2.5e1 ", new[] { -1.0, 25.0 })]
    [InlineData("4", new[] { 4.0 })]
    public void ListsAreOneWordWithCommas(string text, double[] expected) =>
        Assert.Equal(expected, NumberText.ParseList(text, "--x", "A,B", "0,1"));

    [Theory]
    [InlineData("0", 2, 2, "--domain expects MIN,MAX: numbers with a decimal point, separated by commas, e.g. 0,6.28 (2 values); got '0'")]
    [InlineData("0,1,2", 2, 2, "(2 values); got '0,1,2'")]
    [InlineData("", 1, 100, "(1 to 100 values); got ''")]
    [InlineData("0;6.28", 2, 2, "got '0;6.28'")]
    [InlineData("0,six", 2, 2, "; 'six' in '0,six' is not a number")]
    [InlineData("0,,1", 1, int.MaxValue, "; '' in '0,,1' is not a number")]
    public void BadListsSayTheExpectedForm(string text, int min, int max, string expected)
    {
        var e = Assert.Throws<SigmoidTorchException>(() => NumberText.ParseList(text, "--domain", "MIN,MAX", "0,6.28", min, max));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListsFormatAsTheyRead()
    {
        double[] values = { 0, 6.28, -1e-300, 0.1 + 0.2 };
        Assert.Equal(values, NumberText.ParseList(NumberText.FormatList(values), "--x", "X", "1"));
    }
}

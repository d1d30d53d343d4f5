using SigmoidTorch.Data;
using Xunit;

namespace SigmoidTorch.Tests.Files;

/// <summary>CSV as RFC 4180 writes it: quoted fields, doubled quotes, CRLF, LF and CR line ends; errors name the line.</summary>
public class CsvReaderTests
{
    private static string[][] Fields(string text) => CsvReader.Read(text, "test").Select(r => r.Fields.ToArray()).ToArray();

    [Theory]
    [InlineData("a,b\r\nc,d\r\n")]
    [InlineData("a,b\nc,d\n")]
    [InlineData("a,b\rc,d\r")]
    [InlineData("a,b\nc,d")]
    [InlineData("\uFEFFa,b\r\n\r\n# a comment, with commas\r\nc,d")]
    public void EveryLineEndSeparatesRecords(string text) =>
        Assert.Equal(new[] { new[] { "a", "b" }, new[] { "c", "d" } }, Fields(text));

    [Fact]
    public void QuotedFieldsHoldCommasLineBreaksAndQuotes()
    {
        var records = CsvReader.Read("\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\n\"\",plain\n", "test");
        Assert.Equal(new[] { "x, y", "say \"hi\"", "two\r\nlines" }, records[0].Fields);
        Assert.Equal(new[] { "", "plain" }, records[1].Fields);
        Assert.Equal(new[] { 1, 3 }, records.Select(r => r.Line));
    }

    [Fact]
    public void EmptyFieldsAreKept() => Assert.Equal(new[] { new[] { "", "", "" } }, Fields(",,"));

    [Theory]
    [InlineData("a,b\n\"open,c\n", "test, line 2: a quoted field is not closed")]
    [InlineData("a,\"b\"c\n", "test, line 1: text after the closing quote of a field")]
    public void BrokenQuotesNameTheLine(string text, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<SigmoidTorchException>(() => CsvReader.Read(text, "test")).Message, StringComparison.Ordinal);
}

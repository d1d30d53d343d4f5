using System.Text;

namespace SigmoidTorch.Data;

/// <summary>One record of a CSV file: the line it starts on (from 1) and its fields, unquoted.</summary>
/// <param name="Line">The line the record starts on.</param>
/// <param name="Fields">Its fields, with the quotes of quoted fields removed and doubled quotes made single.</param>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// Splits CSV text into records as RFC 4180 describes it: fields separated by commas, records by CRLF, LF or a lone
/// CR; a field in double quotes may hold commas, line breaks and doubled quotes (<c>""</c>). Beyond the RFC, a UTF-8
/// byte order mark at the start is skipped, and so are blank lines and lines that start with <c>#</c> (comments).
/// A quote left open or text after a closing quote is a one-line <see cref="SigmoidTorchException"/> naming the line.
/// </summary>
public static class CsvReader
{
    /// <summary>The records of <paramref name="text"/>; <paramref name="source"/> names it in error messages.</summary>
    public static IReadOnlyList<CsvRecord> Read(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<CsvRecord>();
        int i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        int line = 1;
        while (i < text.Length)
        {
            if (text[i] == '#' || text[i] is '\r' or '\n')
            {
                while (i < text.Length && text[i] is not ('\r' or '\n')) i++;
                i = EndOfLine(text, i, ref line);
                continue;
            }
            int start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            while (true)
            {
                if (i < text.Length && text[i] == '"')
                {
                    int opened = line;
                    for (i++; ; i++)
                    {
                        if (i >= text.Length) throw new SigmoidTorchException($"{source}, line {opened}: a quoted field is not closed");
                        if (text[i] == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"') i++;
                            else break;
                        }
                        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))) line++;
                        field.Append(text[i]);
                    }
                    i++;
                    if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                        throw new SigmoidTorchException($"{source}, line {line}: text after the closing quote of a field (a quote inside a field is written \"\")");
                }
                else
                {
                    while (i < text.Length && text[i] is not (',' or '\r' or '\n')) field.Append(text[i++]);
                }
                fields.Add(field.ToString());
                field.Clear();
                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    continue;
                }
                i = EndOfLine(text, i, ref line);
                break;
            }
            records.Add(new CsvRecord(start, fields));
        }
        return records;
    }

    // Past the line break at i (CRLF, LF or CR), counting it.
    private static int EndOfLine(string text, int i, ref int line)
    {
        if (i >= text.Length) return i;
        line++;
        return text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? i + 2 : i + 1;
    }
}

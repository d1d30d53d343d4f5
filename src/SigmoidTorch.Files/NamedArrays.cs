using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SigmoidTorch.Data;

/// <summary>
/// Reads and writes a JSON object of named arrays, <c>{"Wh": [[..], [..]], "Wz": [[..]], "b": 0.5}</c>:
/// the format of <c>--init-weights</c> files and of the weights that <c>--json</c> reports.
/// Numbers are written so that they read back bit for bit.
/// </summary>
public static class NamedArrays
{
    /// <summary>Parses <paramref name="json"/>; <paramref name="source"/> names it in error messages.</summary>
    public static IReadOnlyDictionary<string, NamedArray> Parse(string json, string source)
    {
        using (var document = ParseDocument(json, source))
        {
            try
            {
                return Read(document, source);
            }
            catch (InvalidOperationException e)
            {
                // e.g. a name with a lone UTF-16 surrogate ("\ud800"): valid JSON syntax, but not text.
                throw new SigmoidTorchException($"{source} is not valid JSON text ({e.Message.Split('\n')[0]})");
            }
        }
    }

    private static Dictionary<string, NamedArray> Read(JsonDocument document, string source)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new SigmoidTorchException($"{source} must hold a JSON object of named arrays, found a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
        if (document.RootElement.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == Checkpoint.Format)
            throw new WeightsFileKindException($"{source} is a SigmoidTorch checkpoint, not a file of named arrays", isCheckpoint: true);
        var arrays = new Dictionary<string, NamedArray>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (arrays.ContainsKey(property.Name))
                throw new SigmoidTorchException($"{source} names '{property.Name}' twice");
            arrays[property.Name] = Read(property.Name, property.Value, $"{source}: '{property.Name}'");
        }
        return arrays;
    }

    /// <summary>
    /// One JSON value as a named array: a number, or nested arrays of numbers, all rows of a level of one length;
    /// <paramref name="what"/> names it in error messages ("… is ragged: rows of 5 and 4 elements").
    /// </summary>
    public static NamedArray Read(string name, JsonElement element, string what)
    {
        var shape = new List<long>();
        var data = new List<double>();
        ReadArray(element, shape, data, what);
        return new NamedArray(name, shape.ToArray(), data.ToArray());
    }

    /// <summary>Parses <paramref name="json"/>, the text of <paramref name="source"/>; a file that is not JSON is refused with one line naming it.</summary>
    public static JsonDocument ParseDocument(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SigmoidTorchException($"{source} is not valid JSON ({Describe(e)})");
        }
    }

    /// <summary>
    /// A JSON syntax error in a few words and where it is: "'x' is an invalid start of a value, at line 3, byte 7".
    /// The parser's own message quotes the bad text, which can be long and span lines: it is cut short.
    /// </summary>
    public static string Describe(JsonException e)
    {
        string message = e.Message;
        foreach (string tail in new[] { " Path: ", " LineNumber: " })
        {
            int cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut >= 0) message = message[..cut];
        }
        message = string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
        // "'<a long run of the file's text>' is an invalid JSON literal": quote only the start of the text.
        var quoted = System.Text.RegularExpressions.Regex.Match(message, "^'(.{24}).*?' (is .*)$");
        if (quoted.Success) message = $"'{quoted.Groups[1].Value}…' {quoted.Groups[2].Value}";
        if (message.Length > 100) message = message[..100] + "…";
        return e.LineNumber is { } line ? $"{message}, at line {line + 1}, byte {e.BytePositionInLine + 1}" : message;
    }

    /// <summary>Reads the named arrays of the JSON file at <paramref name="path"/>.</summary>
    public static IReadOnlyDictionary<string, NamedArray> Load(string path)
    {
        string text = InputFile.ReadText(path, $"weights file '{path}'");
        if (string.IsNullOrWhiteSpace(text)) throw new SigmoidTorchException($"weights file '{path}' is empty");
        return Parse(text, $"weights file '{path}'");
    }

    /// <summary>The arrays as one JSON object (scalars as numbers, vectors and matrices as nested arrays).</summary>
    public static string Serialize(IEnumerable<NamedArray> arrays)
    {
        var text = new StringBuilder("{");
        bool first = true;
        foreach (var array in arrays)
        {
            text.Append(first ? "" : ", ").Append(JsonSerializer.Serialize(array.Name)).Append(": ");
            int offset = 0;
            WriteArray(text, array, 0, ref offset);
            first = false;
        }
        return text.Append('}').ToString();
    }

    /// <summary>Writes the arrays to <paramref name="path"/> atomically; returns the full path.</summary>
    public static string Save(string path, IEnumerable<NamedArray> arrays) => AtomicFile.WriteAllText(path, Serialize(arrays) + "\n");

    private static void ReadArray(JsonElement element, List<long> shape, List<double> data, string what)
    {
        // The shape is read along the first element of every level; every other element must then agree with it.
        for (var first = element; first.ValueKind == JsonValueKind.Array; )
        {
            if (shape.Count == 8) throw new SigmoidTorchException($"{what} is nested more than 8 deep");
            shape.Add(first.GetArrayLength());
            if (first.GetArrayLength() == 0) break;
            first = first[0];
        }
        Collect(element, 0, shape, data, what);
    }

    private static void Collect(JsonElement element, int depth, List<long> shape, List<double> data, string what)
    {
        if (depth == shape.Count)
        {
            if (element.ValueKind != JsonValueKind.Number)
                throw new SigmoidTorchException(element.ValueKind == JsonValueKind.Array
                    ? $"{what} is ragged: an array where a number was expected"
                    : $"{what} must hold numbers only, found {element.ValueKind}");
            if (!element.TryGetDouble(out double value) || !double.IsFinite(value))
                throw new SigmoidTorchException($"{what} holds a number out of range: {element.GetRawText()}");
            data.Add(value);
            return;
        }
        if (element.ValueKind != JsonValueKind.Array)
            throw new SigmoidTorchException(element.ValueKind == JsonValueKind.Number
                ? $"{what} is ragged: a number where an array of {shape[depth]} was expected"
                : $"{what} must hold numbers only, found {element.ValueKind}");
        if (element.GetArrayLength() != shape[depth])
            throw new SigmoidTorchException($"{what} is ragged: rows of {shape[depth]} and {element.GetArrayLength()} elements");
        foreach (var item in element.EnumerateArray())
            Collect(item, depth + 1, shape, data, what);
    }

    private static void WriteArray(StringBuilder text, NamedArray array, int depth, ref int offset)
    {
        if (depth == array.Shape.Length)
        {
            text.Append(array.Data[offset++].ToString("R", CultureInfo.InvariantCulture));
            return;
        }
        text.Append('[');
        for (long i = 0; i < array.Shape[depth]; i++)
        {
            if (i > 0) text.Append(", ");
            WriteArray(text, array, depth + 1, ref offset);
        }
        text.Append(']');
    }
}

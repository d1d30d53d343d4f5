using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace SigmoidTorch.Checking;

/// <summary>
/// The safetensors format (huggingface/safetensors): an 8-byte little-endian length N, N bytes of JSON naming each
/// tensor's dtype, shape and byte range [begin, end) in the data that follows, with the optional string map
/// <c>__metadata__</c>, then the tensors' bytes, little-endian, row-major, back to back. Written here because
/// TorchSharp.PyBridge 1.4.4's <c>Safetensors.SaveStateDict(path, Dictionary&lt;string, Tensor&gt;)</c> takes no
/// metadata and its <c>LoadStateDict</c> returns the tensors only.
/// </summary>
internal static class SafetensorsFormat
{
    /// <summary>The header's key of the string map.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Headers larger than this are refused on reading (the format's own reader refuses beyond 100 MB).</summary>
    private const long MaxHeaderBytes = 100_000_000;

    private static readonly (ScalarType Type, string Name, int Size)[] Dtypes =
        [(ScalarType.Float32, "F32", 4), (ScalarType.Float64, "F64", 8), (ScalarType.Int64, "I64", 8), (ScalarType.Int32, "I32", 4)];

    /// <summary>Writes <paramref name="tensors"/> (in their order) and <paramref name="metadata"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IReadOnlyList<(string Name, Tensor Value)> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var header = new JsonObject { [MetadataKey] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))) };
        var data = new List<byte[]>();
        long offset = 0;
        foreach (var (name, value) in tensors)
        {
            if (name == MetadataKey || header.ContainsKey(name)) throw new SigmoidTorchException($"a safetensors file cannot hold two tensors named '{name}'");
            byte[] bytes = Bytes(value);
            header[name] = new JsonObject
            {
                ["dtype"] = Dtype(value.dtype).Name,
                ["shape"] = new JsonArray(value.shape.Select(d => (JsonNode?)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            data.Add(bytes);
            offset += bytes.Length;
        }
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padding = (8 - json.Length % 8) % 8;                      // the data starts 8-aligned, as the format's writer does it
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, json.Length + padding);
        stream.Write(length);
        stream.Write(json);
        stream.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        foreach (byte[] bytes in data) stream.Write(bytes);
    }

    /// <summary>
    /// Reads a whole file's <paramref name="bytes"/>: its tensors by name (CPU, in the header's order) and its metadata.
    /// Throws a one-line <see cref="SigmoidTorchException"/> naming <paramref name="what"/> when they are not a complete
    /// safetensors file of the dtypes written here.
    /// </summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(byte[] bytes, string what)
    {
        if (bytes.Length < 8) throw new SigmoidTorchException($"{what} is not a safetensors file: {bytes.Length} bytes, shorter than its 8-byte header length");
        long n = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        if (n <= 0 || n > MaxHeaderBytes || n > bytes.Length - 8)
            throw new SigmoidTorchException($"{what} is not a complete safetensors file: its header length {n} does not fit in its {bytes.Length} bytes (truncated?)");
        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(8, (int)n)) as JsonObject ?? throw new SigmoidTorchException($"{what}: its safetensors header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new SigmoidTorchException($"{what}: its safetensors header is not JSON ({e.Message})", e);
        }
        var data = bytes.AsMemory(8 + (int)n);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == MetadataKey)
            {
                foreach (var (key, value) in node as JsonObject ?? throw new SigmoidTorchException($"{what}: its {MetadataKey} is not a map of strings"))
                    metadata[key] = value is JsonValue v && v.TryGetValue(out string? s) ? s : throw new SigmoidTorchException($"{what}: its {MetadataKey} entry '{key}' is not a string");
                continue;
            }
            tensors[name] = Tensor(name, node, data.Span, what);
        }
        return (tensors, metadata);
    }

    private static Tensor Tensor(string name, JsonNode? node, ReadOnlySpan<byte> data, string what)
    {
        string? dtype;
        long[] shape, range;
        try
        {
            dtype = node?["dtype"]?.GetValue<string>();
            shape = node?["shape"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray() ?? throw new InvalidOperationException("no shape");
            range = node?["data_offsets"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray() ?? throw new InvalidOperationException("no data_offsets");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new SigmoidTorchException($"{what}: tensor '{name}' has no valid dtype, shape and data_offsets ({e.Message})", e);
        }
        var (type, _, size) = Dtypes.FirstOrDefault(d => d.Name == dtype);
        if (size == 0) throw new SigmoidTorchException($"{what}: tensor '{name}' is {dtype ?? "of no dtype"}; a case holds F32, F64, I64 or I32");
        long elements = shape.Aggregate(1L, (a, d) => d < 0 ? -1 : a * d);
        if (elements < 0 || range.Length != 2 || range[0] < 0 || range[1] > data.Length || range[1] - range[0] != elements * size)
            throw new SigmoidTorchException($"{what}: tensor '{name}' claims bytes [{string.Join(", ", range)}) for shape [{string.Join(", ", shape)}] of {dtype}, "
                                            + $"outside the {data.Length} bytes of data or of the wrong size (truncated?)");
        var slice = data[(int)range[0]..(int)range[1]];
        Tensor flat = type switch
        {
            ScalarType.Float32 => tensor(Values<float>(slice, BinaryPrimitives.ReadSingleLittleEndian)),
            ScalarType.Float64 => tensor(Values<double>(slice, BinaryPrimitives.ReadDoubleLittleEndian)),
            ScalarType.Int64 => tensor(Values<long>(slice, BinaryPrimitives.ReadInt64LittleEndian)),
            _ => tensor(Values<int>(slice, BinaryPrimitives.ReadInt32LittleEndian)),
        };
        return flat.reshape(shape);
    }

    private static T[] Values<T>(ReadOnlySpan<byte> bytes, ReadValue<T> read) where T : unmanaged
    {
        int size = Marshal.SizeOf<T>();
        var values = new T[bytes.Length / size];
        for (int i = 0; i < values.Length; i++) values[i] = read(bytes.Slice(i * size, size));
        return values;
    }

    private delegate T ReadValue<T>(ReadOnlySpan<byte> bytes);

    private static byte[] Bytes(Tensor t)
    {
        using var scope = NewDisposeScope();
        var c = t.detach().cpu().contiguous();
        var (type, _, size) = Dtype(c.dtype);
        var bytes = new byte[c.numel() * size];
        var span = bytes.AsSpan();
        switch (type)
        {
            case ScalarType.Float32: Fill(c.data<float>(), span, size, BinaryPrimitives.WriteSingleLittleEndian); break;
            case ScalarType.Float64: Fill(c.data<double>(), span, size, BinaryPrimitives.WriteDoubleLittleEndian); break;
            case ScalarType.Int64: Fill(c.data<long>(), span, size, BinaryPrimitives.WriteInt64LittleEndian); break;
            default: Fill(c.data<int>(), span, size, BinaryPrimitives.WriteInt32LittleEndian); break;
        }
        return bytes;
    }

    private static void Fill<T>(TorchSharp.Utils.TensorAccessor<T> values, Span<byte> bytes, int size, WriteValue<T> write) where T : unmanaged
    {
        long i = 0;
        foreach (T value in values) write(bytes.Slice((int)(i++ * size), size), value);
    }

    private delegate void WriteValue<T>(Span<byte> bytes, T value);

    private static (ScalarType Type, string Name, int Size) Dtype(ScalarType type) =>
        Dtypes.FirstOrDefault(d => d.Type == type) is { Size: > 0 } d ? d : throw new SigmoidTorchException($"a case file holds float32, float64, int64 or int32 tensors, not {type}");
}

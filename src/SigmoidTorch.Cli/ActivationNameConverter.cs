using System.Text.Json;
using System.Text.Json.Serialization;
using SigmoidTorch.Functions;

namespace SigmoidTorch.Cli;

/// <summary>An <see cref="Activation"/> in JSON: its name (<c>"sigmoid"</c>), as the flags take it.</summary>
public sealed class ActivationNameConverter : JsonConverter<Activation>
{
    /// <inheritdoc />
    public override Activation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Activation.Parse(reader.GetString() ?? throw new JsonException("an activation is named by a string"));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Activation value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Name);
    }
}

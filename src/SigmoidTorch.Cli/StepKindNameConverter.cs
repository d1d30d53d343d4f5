using System.Text.Json;
using System.Text.Json.Serialization;
using SigmoidTorch.Training;

namespace SigmoidTorch.Cli;

/// <summary>A <see cref="StepKind"/> in JSON: its name (<c>"fused"</c>), as --step takes it.</summary>
public sealed class StepKindNameConverter : JsonConverter<StepKind>
{
    /// <inheritdoc />
    public override StepKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string name = reader.GetString() ?? throw new JsonException("a step is named by a string");
        return CommonOptions.StepKinds.FirstOrDefault(k => k.Name == name)
            ?? throw new JsonException($"unknown step '{name}': expected one of {string.Join(", ", CommonOptions.StepKinds)}");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, StepKind value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Name);
    }
}

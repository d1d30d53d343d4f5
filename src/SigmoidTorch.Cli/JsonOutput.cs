using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SigmoidTorch.Devices;

namespace SigmoidTorch.Cli;

/// <summary>What a program prints under --json: one JSON object on stdout, its <c>config</c> made from the program's config record.</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    // Config records: properties in snake_case, enums by their names in snake_case, activations by name.
    private static readonly JsonSerializerOptions ConfigOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new ActivationNameConverter(), new StepKindNameConverter() },
    };

    /// <summary>
    /// The <c>config</c> object of the program's JSON: the config record <paramref name="settings"/> with its property
    /// names in snake_case (enums and activations by name), then the dtype and device of <paramref name="run"/> and, in
    /// a program that trains, the step, then <paramref name="extra"/>: the settings of the program that the record does
    /// not hold (e.g. those of its pictures).
    /// </summary>
    public static JsonObject Config<T>(RunContext run, T settings, JsonObject? extra = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var config = JsonSerializer.SerializeToNode(settings, ConfigOptions) as JsonObject
            ?? throw new ArgumentException($"a config record serialises to a JSON object, not to {typeof(T).Name}'s", nameof(settings));
        config["dtype"] = run.Options.DType.ToString().ToLowerInvariant();
        config["device"] = run.Options.Device.ToString();
        if (run.Training.Trains) config["step"] = run.Training.Step.Name;
        foreach (var (name, value) in extra ?? new JsonObject())
            config[name] = value?.DeepClone();
        return config;
    }

    /// <summary>
    /// Prints <paramref name="value"/> as one JSON object on stdout (property names as given), with the libtorch the run
    /// used (path, version, origin, CUDA, the libtorch files the process has mapped) as <c>libtorch</c> in its <c>config</c> object (made when it has none).
    /// </summary>
    public static void Emit(object value)
    {
        var node = JsonSerializer.SerializeToNode(value, JsonOptions);
        if (node is JsonObject root)
        {
            var libtorch = TorchRuntime.Libtorch;
            var description = new JsonObject
            {
                ["path"] = libtorch.Path,
                ["version"] = libtorch.Version,
                ["source"] = libtorch.Origin,
                ["cuda"] = libtorch.CudaBackend,
                ["mapped"] = new JsonArray(libtorch.Mapped.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
            };
            if (root["config"] is JsonObject config) config["libtorch"] = description;
            else if (!root.ContainsKey("config")) root["config"] = new JsonObject { ["libtorch"] = description };
            else root["libtorch"] = description;
        }
        Console.Out.WriteLine(node?.ToJsonString(JsonOptions) ?? "null");
    }
}

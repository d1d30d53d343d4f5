using System.Globalization;
using System.Reflection;
using System.Text.Json;
using SigmoidTorch.Gradients;
using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Checking;

/// <summary>
/// Exports a checked module case to one <c>.safetensors</c> file, which PyTorch, numpy and Hugging Face tools read
/// without running code, and reads it back. Tensors: <c>param/&lt;state_dict name&gt;</c> (the weights as checked),
/// <c>input</c>, <c>target</c>, and for every checked parameter <c>grad/manual/&lt;name&gt;</c>,
/// <c>grad/autograd/&lt;name&gt;</c> (both in the checked dtype) and <c>grad/fd/&lt;name&gt;</c> (float64). The header's
/// <c>__metadata__</c> map holds <c>model</c>, <c>loss</c>, <c>dtype</c>, <c>tolerance</c> (a JSON object),
/// <c>seed</c> (a JSON number, or <c>null</c>), <c>pass</c>, <c>finite_difference_step</c>, the versions and the format.
/// </summary>
public static class CaseFile
{
    internal const string Parameter = "param/", Manual = "grad/manual/", Autograd = "grad/autograd/", FiniteDifference = "grad/fd/", InputName = "input", TargetName = "target";

    /// <summary>The metadata's <c>format</c>: what the file is.</summary>
    public const string Format = "sigmoidtorch-gradient-check-case";

    /// <summary>The metadata's <c>format_version</c>: the layout this library writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// Writes the case <paramref name="report"/> checked — <paramref name="module"/>'s state_dict, <paramref name="input"/>,
    /// <paramref name="target"/> and every parameter's three gradients — to <paramref name="path"/>, atomically (a
    /// temporary file beside it, flushed, renamed over it: the old file or the whole new one, never half). Every checked
    /// parameter must have a hand-written gradient of its shape. Returns the full path.
    /// </summary>
    public static string Save(string path, CheckReport report, nn.Module module, Tensor input, Tensor target, string loss, ulong? seed = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(loss);
        using var scope = NewDisposeScope();
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter, StringComparer.Ordinal);
        var tensors = module.state_dict().Select(kv => (Parameter + kv.Key, kv.Value)).ToList();
        tensors.Add((InputName, input));
        tensors.Add((TargetName, target));
        ScalarType? dtype = null;
        foreach (var t in report.Tensors)
        {
            if (t.Values is not { } v) throw new SigmoidTorchException($"cannot export the case: {t.Name} has no hand-written gradient of its shape [{string.Join(", ", t.Shape)}]");
            var p = parameters.GetValueOrDefault(t.Name) ?? throw new SigmoidTorchException($"cannot export the case: {t.Name} is not a parameter of module {module.GetName()}");
            dtype = p.dtype;
            tensors.Add((Manual + t.Name, tensor(v.Manual).to(p.dtype).reshape(t.Shape)));
            tensors.Add((Autograd + t.Name, tensor(v.Autograd).to(p.dtype).reshape(t.Shape)));
            tensors.Add((FiniteDifference + t.Name, tensor(v.FiniteDifference).reshape(t.Shape)));
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["format_version"] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            ["model"] = report.What,
            ["loss"] = loss,
            ["dtype"] = dtype?.ToString().ToLowerInvariant() ?? "none",
            ["tolerance"] = JsonSerializer.Serialize(new Dictionary<string, double>
            {
                ["relative"] = report.Tolerance.Relative, ["absolute"] = report.Tolerance.Absolute, ["finite_difference"] = report.Tolerance.FiniteDifference,
            }),
            ["finite_difference_step"] = GradientCheck.Step.ToString("R", CultureInfo.InvariantCulture),
            ["seed"] = seed?.ToString(CultureInfo.InvariantCulture) ?? "null",
            ["pass"] = report.Pass ? "true" : "false",
            ["sigmoidtorch_version"] = Version(typeof(CaseFile).Assembly),
            ["torchsharp_version"] = Version(typeof(torch).Assembly),
        };
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                SafetensorsFormat.Write(stream, tensors, metadata);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
            return full;
        }
        catch (Exception e)
        {
            if (File.Exists(temp)) File.Delete(temp);
            if (e is IOException or UnauthorizedAccessException)
                throw new SigmoidTorchException($"cannot write '{path}': {e.Message} (any file that was there is unchanged)", e);
            throw;
        }
    }

    /// <summary>
    /// Reads a case written by <see cref="Save"/>. Throws a one-line <see cref="SigmoidTorchException"/> when the file
    /// is not a complete safetensors file, is not a case of this format version, or lacks a tensor its names require.
    /// </summary>
    public static CheckCase Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SigmoidTorchException($"cannot read '{path}': {e.Message}", e);
        }
        var (tensors, metadata) = SafetensorsFormat.Read(bytes, $"'{path}'");
        var loaded = new CheckCase(tensors, metadata);
        try
        {
            if (metadata.GetValueOrDefault("format") != Format)
                throw new SigmoidTorchException($"'{path}' is not a gradient-check case: its metadata's format is {metadata.GetValueOrDefault("format") ?? "missing"}, not {Format}");
            if (metadata.GetValueOrDefault("format_version") != FormatVersion.ToString(CultureInfo.InvariantCulture))
                throw new SigmoidTorchException($"'{path}' is a case of format version {metadata.GetValueOrDefault("format_version") ?? "missing"}; this library reads version {FormatVersion}");
            foreach (string name in new[] { InputName, TargetName }.Concat(loaded.Manual.Keys.SelectMany(n => new[] { Parameter + n, Autograd + n, FiniteDifference + n })))
                if (!tensors.ContainsKey(name)) throw new SigmoidTorchException($"'{path}' names no tensor '{name}', which the case needs");
            return loaded;
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
}

using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace SigmoidTorch.Gradients;

/// <summary>
/// Records, for one hand-written backprop step, each value the code computed together with the equation written
/// in the comment of the line that computed it. The comments are read from the very source files that were
/// compiled (embedded in the assembly), so what a learner sees is what the code does.
/// </summary>
public sealed class StepTrace
{
    private static readonly Dictionary<string, string[]> Sources = new();
    private readonly List<Entry> entries = new();

    /// <summary>One computed value.</summary>
    /// <param name="Equation">The equation from the code comment of the line that computed the value.</param>
    /// <param name="Source">File and line of that code.</param>
    /// <param name="Value">A detached CPU copy of the value.</param>
    /// <param name="Layer">The layer l the equation was evaluated for, where the code runs it once per layer (<see cref="DeepBackprop"/>); else null.</param>
    public sealed record Entry(string Equation, string Source, Tensor Value, int? Layer = null);

    /// <summary>Everything recorded, in the order it was computed.</summary>
    public IReadOnlyList<Entry> Entries => entries;

    /// <summary>Records <paramref name="value"/> as computed at <paramref name="file"/>:<paramref name="line"/>, for layer <paramref name="layer"/> (or none).</summary>
    internal Tensor Record(Tensor value, int? layer, string file, int line)
    {
        string name = Path.GetFileName(file.Replace('\\', '/'));
        var copy = value.detach().cpu().clone().DetachFromDisposeScope();
        entries.Add(new Entry(EquationAt(name, line), $"{name}:{line}", copy, layer));
        return value;
    }

    /// <summary>The text after <c>//</c> on line <paramref name="line"/> of the embedded source <paramref name="fileName"/>.</summary>
    public static string EquationAt(string fileName, int line)
    {
        string[] lines;
        lock (Sources)
        {
            if (!Sources.TryGetValue(fileName, out lines!))
            {
                using var stream = typeof(StepTrace).Assembly.GetManifestResourceStream($"SigmoidTorch.Gradients.{fileName}")
                    ?? throw new InvalidOperationException($"source {fileName} is not embedded in {typeof(StepTrace).Assembly.GetName().Name}");
                using var reader = new StreamReader(stream);
                lines = reader.ReadToEnd().Split('\n');
                Sources[fileName] = lines;
            }
        }
        string code = line >= 1 && line <= lines.Length ? lines[line - 1] : "";
        int comment = code.IndexOf("//", StringComparison.Ordinal);
        return comment < 0 ? throw new InvalidOperationException($"{fileName}:{line} records a value but carries no equation comment") : code[(comment + 2)..].Trim();
    }
}

/// <summary>The one-call hook that hand-written backprop code uses to show a value in a <see cref="StepTrace"/>.</summary>
public static class StepTraceExtensions
{
    /// <summary>
    /// Records the value in <paramref name="trace"/> (when there is one) and returns it unchanged; <paramref name="layer"/>
    /// says which layer it belongs to where one line of code runs once per layer.
    /// </summary>
    public static Tensor Traced(this Tensor value, StepTrace? trace, int? layer = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        trace is null ? value : trace.Record(value, layer, file, line);
}

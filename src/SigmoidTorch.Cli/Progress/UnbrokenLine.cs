using Spectre.Console.Rendering;

namespace SigmoidTorch.Cli.Progress;

/// <summary>
/// A line of text that Spectre.Console writes as it is, then a line break: Spectre's own text is broken at the
/// console's width, which on a narrow terminal splits a "wrote PATH" line in the middle of the path.
/// </summary>
internal sealed class UnbrokenLine(string text) : IRenderable
{
    public Measurement Measure(RenderOptions options, int maxWidth) => new(Math.Min(text.Length, maxWidth), maxWidth);

    public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) => [new Segment(text), Segment.LineBreak];
}

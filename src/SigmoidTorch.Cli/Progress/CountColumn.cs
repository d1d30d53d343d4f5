using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SigmoidTorch.Cli.Progress;

/// <summary>A progress column showing "done/total unit", e.g. "1200/3000 epochs".</summary>
internal sealed class CountColumn(string unit) : ProgressColumn
{
    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:0}/{task.MaxValue:0} {unit}"));
}

using Spectre.Console;
using Spectre.Console.Rendering;

namespace SigmoidTorch.Cli.Progress;

/// <summary>A progress column showing the stage's latest status, e.g. "loss 0.1125" (one stage per column).</summary>
internal sealed class StatusColumn : ProgressColumn
{
    private volatile string text = "";

    /// <summary>The status to show; set by the working thread, read by the drawing one.</summary>
    public string Text
    {
        get => text;
        set => text = value;
    }

    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) => new Text(text);
}

using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SigmoidTorch.Cli.Progress;

/// <summary>A progress column showing the recent rate, e.g. "1,234 epochs/s" (blank until Spectre has measured one).</summary>
internal sealed class RateColumn(string unit) : ProgressColumn
{
    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) => task.Speed is { } speed
        ? new Text(string.Create(CultureInfo.InvariantCulture, $"{Format(speed)} {unit}/s"), new Style(Color.Grey))
        : new Text("");

    /// <summary>Three significant digits, thousands separated: 0.123, 12.3, 1,234.</summary>
    internal static string Format(double perSecond) => perSecond switch
    {
        >= 1000 => perSecond.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => perSecond.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => perSecond.ToString("F1", CultureInfo.InvariantCulture),
        >= 1 => perSecond.ToString("F2", CultureInfo.InvariantCulture),
        _ => perSecond.ToString("G3", CultureInfo.InvariantCulture),
    };
}

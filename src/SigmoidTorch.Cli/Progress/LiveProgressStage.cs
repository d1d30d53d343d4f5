using Spectre.Console;

namespace SigmoidTorch.Cli.Progress;

/// <summary>
/// A stage drawn as a live Spectre.Console progress bar on a terminal: label and status, bar, done/total, percentage,
/// rate, elapsed and remaining time. The bar is drawn by Spectre's own refresh loop on a background thread while the
/// work runs on the caller's; <see cref="ProgressStage.Report"/> only stores the numbers. When the stage ends the bar's
/// last state stays on screen.
/// </summary>
internal sealed class LiveProgressStage : ProgressStage
{
    private readonly ManualResetEventSlim started = new();
    private readonly ManualResetEventSlim stop = new();
    private readonly Thread thread;
    private readonly StatusColumn status;
    private ProgressTask? task;

    /// <summary>Starts drawing the stage on <paramref name="console"/> with <paramref name="columns"/>, among them <paramref name="status"/> (if it is shown).</summary>
    public LiveProgressStage(IAnsiConsole console, string label, long total, string unit, ProgressColumn[] columns, StatusColumn status) : base(label, total, unit)
    {
        this.status = status;
        thread = new Thread(() =>
        {
            try
            {
                var progress = new Spectre.Console.Progress(console, TimeProvider.System) { AutoClear = false, HideCompleted = false, ExcludeVerticalPadding = true };
                progress.Columns(columns).Start(context =>
                {
                    // Spectre draws a task of maximum 0 as complete, which a stage of nothing to do is.
                    task = context.AddTask(Markup.Escape(label), maxValue: Math.Max(total, 1));
                    if (total == 0) task.Value = 1;
                    started.Set();
                    stop.Wait();
                    context.Refresh();
                });
            }
            finally
            {
                started.Set();
            }
        })
        { IsBackground = true, Name = $"progress: {label}" };
        thread.Start();
        started.Wait();
    }

    protected override void Show(string status)
    {
        if (task is null) return;
        this.status.Text = status;
        task.Value = Done;
    }

    protected override void Finish()
    {
        stop.Set();
        thread.Join();
        started.Dispose();
        stop.Dispose();
    }
}

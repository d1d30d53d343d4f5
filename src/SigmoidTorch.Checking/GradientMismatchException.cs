namespace SigmoidTorch.Checking;

/// <summary>A hand-written gradient that does not agree; the message is the whole <see cref="CheckReport"/>.</summary>
public sealed class GradientMismatchException : Exception
{
    /// <summary>Wraps <paramref name="report"/>.</summary>
    public GradientMismatchException(CheckReport report)
        : base((report ?? throw new ArgumentNullException(nameof(report))).ToString()) => Report = report;

    /// <summary>The report that failed.</summary>
    public CheckReport Report { get; }
}

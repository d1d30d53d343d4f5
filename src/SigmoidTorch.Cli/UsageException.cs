namespace SigmoidTorch.Cli;

/// <summary>
/// A combination of flags the run cannot take, found once their values are known (a loss that does not fit the output
/// layer, layer sizes that do not fit the data): <see cref="ProgramHost"/> answers it like a bad flag, one line and
/// exit code 2, before anything is written.
/// </summary>
public sealed class UsageException : SigmoidTorchException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public UsageException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and the library's error behind it.</summary>
    public UsageException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with no message (for serializers).</summary>
    public UsageException() { }

    /// <summary>
    /// Runs <paramref name="check"/>, a check of the library on values that came from the flags; its
    /// <see cref="SigmoidTorchException"/> becomes a <see cref="UsageException"/> with the same message.
    /// </summary>
    public static void FromFlags(Action check)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            check();
        }
        catch (SigmoidTorchException e) when (e is not Limits.ResourceLimitException and not UsageException)
        {
            throw new UsageException(e.Message, e);
        }
    }
}

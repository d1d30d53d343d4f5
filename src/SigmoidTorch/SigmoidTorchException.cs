namespace SigmoidTorch;

/// <summary>
/// A problem the user can fix: bad input, an unusable device, a broken file. Its message is one line that names
/// the problem and the values involved; programs print it without a stack trace.
/// </summary>
public class SigmoidTorchException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public SigmoidTorchException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and the error behind it.</summary>
    public SigmoidTorchException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with no message (for serializers).</summary>
    public SigmoidTorchException() { }
}

namespace SigmoidTorch.Limits;

/// <summary>
/// A run refused before it starts because a size is beyond a documented bound (see <see cref="RunLimits"/>) or the
/// memory it would need is more than the machine has available. Nothing was allocated; smaller sizes will do.
/// </summary>
public class ResourceLimitException : SigmoidTorchException
{
    /// <summary>Creates the exception with a one-line message naming the size, its bound and what to change.</summary>
    public ResourceLimitException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and the error behind it.</summary>
    public ResourceLimitException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with no message (for serializers).</summary>
    public ResourceLimitException() { }
}

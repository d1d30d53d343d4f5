namespace SigmoidTorch.Data;

/// <summary>
/// A weights file of the other kind: a checkpoint where a file of named arrays was expected (<see cref="NamedArrays"/>),
/// or a file of named arrays where a checkpoint was (<see cref="Checkpoint"/>). A program can say which of its flags
/// takes the file it was given.
/// </summary>
public sealed class WeightsFileKindException : SigmoidTorchException
{
    /// <summary>Creates the exception with a one-line message; <paramref name="isCheckpoint"/> says what the file is.</summary>
    public WeightsFileKindException(string message, bool isCheckpoint) : base(message) => IsCheckpoint = isCheckpoint;

    /// <summary>True when the file is a checkpoint, false when it is a file of named arrays.</summary>
    public bool IsCheckpoint { get; }
}

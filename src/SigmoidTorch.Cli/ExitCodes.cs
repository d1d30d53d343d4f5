namespace SigmoidTorch.Cli;

/// <summary>The exit codes of every example program.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>A runtime error (bad file, unusable device, divergence, a failed check).</summary>
    public const int Failure = 1;

    /// <summary>A bad flag or flag value.</summary>
    public const int BadUsage = 2;
}

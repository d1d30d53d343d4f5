namespace SigmoidTorch.Cli;

/// <summary>What a path option of a program names (see <see cref="OptionFactory.RoleOf"/>).</summary>
public enum PathRole
{
    /// <summary>A file the program reads (--init-weights, --load, --data).</summary>
    InputFile,

    /// <summary>A file the program writes (--save).</summary>
    OutputFile,

    /// <summary>The folder the program writes its pictures and files into (--out).</summary>
    OutputFolder,
}

using SigmoidTorch.Devices;
using Xunit;

namespace SigmoidTorch.Tests.Runtime.Devices;

/// <summary>
/// TorchRuntime.Explain: from TorchSharp's exception and the loads by path (with the system loader's messages as .NET
/// words them on Linux), one line that says what is wrong and what to do, valid in any project.
/// </summary>
public class TorchLoadExplanationTests
{
    private const string Lib = "/app/bin/runtimes/linux-x64/native/libLibTorchSharp.so";

    private static readonly Exception TorchSharpFailure = new TypeInitializationException("TorchSharp.torch",
        new NotSupportedException("This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64, Version=2.10.0.0.\n\nConsider referencing …"));

    private static string LoaderSays(string reason) =>
        $"Unable to load shared library '{Lib}' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace. "
        + $"If you're using glibc, consider setting the LD_DEBUG environment variable: \n{reason}\n";

    [Theory]
    // libstdc++ too old: both libraries named, and what makes the package's fix run.
    [InlineData("/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by " + Lib + ")",
                "/lib/x86_64-linux-gnu/libstdc++.so.6 lacks GLIBCXX_3.4.32, which " + Lib + " asks for", "build or publish it again on this machine")]
    // libtorch itself missing beside the native library: no backend package in the program's project.
    [InlineData("libtorch.so: cannot open shared object file: No such file or directory",
                Lib + " needs libtorch's own libraries (libtorch.so), which are not beside it", "TorchSharp-cpu 0.107.0")]
    public void TheLoadersReasonBecomesWhatIsWrongAndWhatToDo(string loaderReason, string whatIsWrong, string whatToDo)
    {
        string message = TorchRuntime.Explain(TorchSharpFailure, [new NativeLoadAttempt(Lib, LoaderSays(loaderReason))]);
        Assert.StartsWith("libtorch could not be loaded: " + whatIsWrong, message, StringComparison.Ordinal);
        Assert.Contains(whatToDo, message, StringComparison.Ordinal);
        AssertValidAnywhere(message);
    }

    [Fact]
    public void TheVersionProblemWinsOverAMissingLibraryElsewhere()
    {
        var attempts = new[]
        {
            new NativeLoadAttempt("/app/bin/libLibTorchSharp.so", LoaderSays("libtorch.so: cannot open shared object file: No such file or directory")),
            new NativeLoadAttempt(Lib, LoaderSays($"/usr/lib64/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by {Lib})")),
        };
        Assert.Contains("/usr/lib64/libstdc++.so.6 lacks GLIBCXX_3.4.32", TorchRuntime.Explain(TorchSharpFailure, attempts), StringComparison.Ordinal);
    }

    [Fact]
    public void NoNativeLibraryAtAllSaysWhereToRunFrom()
    {
        string message = TorchRuntime.Explain(TorchSharpFailure, []);
        Assert.StartsWith($"libtorch could not be loaded: there is no {NativeLoadAttempt.LibraryFileName} beside the program", message, StringComparison.Ordinal);
        AssertValidAnywhere(message);
    }

    [Fact]
    public void AnyOtherReasonIsTheLoadersOwnLastLine()
    {
        var attempts = new[] { new NativeLoadAttempt(Lib, LoaderSays($"{Lib}: wrong ELF class: ELFCLASS32")) };
        Assert.Equal($"libtorch could not be loaded ({Lib}: wrong ELF class: ELFCLASS32); the loader's trace is in TorchLoadException.LoaderTrace (--verbose in SigmoidTorch's programs)",
                     TorchRuntime.Explain(TorchSharpFailure, attempts));
    }

    [Fact]
    public void WhenEveryLoadByPathWorksTorchSharpsFirstLineIsTheReason()
    {
        Assert.Equal("libtorch could not be loaded (This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64, Version=2.10.0.0.); "
                   + "the loader's trace is in TorchLoadException.LoaderTrace (--verbose in SigmoidTorch's programs)",
                     TorchRuntime.Explain(TorchSharpFailure, [new NativeLoadAttempt(Lib, null)]));
    }

    // One line, no advice that only means something inside this repository, and where the full trace is.
    private static void AssertValidAnywhere(string message)
    {
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain("TorchBackend", message, StringComparison.Ordinal);
        Assert.EndsWith("the loader's trace is in TorchLoadException.LoaderTrace (--verbose in SigmoidTorch's programs)", message, StringComparison.Ordinal);
    }
}

using System.Diagnostics;

namespace SigmoidTorch.Tests.Infrastructure;

/// <summary>
/// The first python3 that can import numpy — the one on PATH, else the system's (where Debian's python3-numpy installs
/// it) — for the tests that hold the library against a numpy program; null when there is none.
/// </summary>
public static class NumpyPython
{
    private static readonly Lazy<string?> Found = new(() =>
        new[] { "python3", "/usr/bin/python3" }.FirstOrDefault(python => Run(python, ["-c", "import numpy"]).ExitCode == 0));

    /// <summary>The interpreter, or null.</summary>
    public static string? Path => Found.Value;

    /// <summary>Why a test that needs numpy does not run here.</summary>
    public const string Missing = "no python3 with numpy here (apt-get install python3-numpy)";

    /// <summary>Runs <paramref name="python"/> with <paramref name="arguments"/> (one BLAS thread); its exit code and output.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string python, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", e.Message);
        }
    }
}

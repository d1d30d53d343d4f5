using System.Diagnostics;
using SigmoidTorch.Cli;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Examples;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM sent to a running program, as a terminal or a service manager sends them, and every
/// other signal a program ends on (<see cref="Interruption.Signals"/>: SIGHUP when the terminal closes, SIGQUIT,
/// SIGUSR1, SIGUSR2): one line saying where the run stopped and that nothing was saved, exit 128 + the signal's number,
/// within a second or two, the --save file byte for byte, no picture, no temporary file, nothing on stdout under
/// --json. The program runs under <c>env --default-signal</c>, so a test host that ignores SIGINT (as a shell's
/// background job does) does not hide it.
/// </summary>
public sealed class InterruptionTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sigmoidtorch-interrupt-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    public static TheoryData<string, string, int, string, string> Runs
    {
        get
        {
            var runs = new TheoryData<string, string, int, string, string>
            {
                // program, its arguments, the signal's number, the progress line to wait for, how the last line ends
                { "SineRegression", "--epochs 1000000 --json", 2, "training: ", "nothing was saved" },
                { "SigmoidNeuronTraining", "--frames 2000", 2, "training, drawing frames: ", "nothing was saved" },
                { "SigmoidNeuronTraining", "--frames 2000 --frame-pngs", 2, "training, drawing frames: ",
                  "nothing was saved but the [0-9]+ file\\(s\\) written before it \\(the last: .*frame_[0-9]+\\.png\\)" },
            };
            foreach (var ending in Interruption.Signals.Where(s => s.Number != 2))
                runs.Add("SineRegression", "--epochs 1000000", ending.Number, "training: ", "nothing was saved");
            return runs;
        }
    }

    [Theory, MemberData(nameof(Runs))]
    public void ASignalStopsTheRunWithOneLineAndSavesNothing(string program, string args, int signal, string progress, string saved)
    {
        var ending = Interruption.Signals.Single(s => s.Number == signal);
        int exit = ending.ExitCode;
        string keep = Path.Combine(dir, "keep.ckpt");
        File.WriteAllText(keep, "previous checkpoint");
        var words = args.Split(' ').Concat(new[] { "--save", keep, "--out", Path.Combine(dir, "out") });
        var start = ExampleProcess.StartInfo(program, words, dir, prefix: new[] { "env", "--default-signal" });
        double sentAt = 0;
        var clock = Stopwatch.StartNew();
        var run = BoundedProcess.Run(start, TimeSpan.FromSeconds(120), 1536L << 20,
            p =>
            {
                sentAt = clock.Elapsed.TotalSeconds;
                Send(signal, p.Id);
            },
            stderr => stderr.Contains(progress, StringComparison.Ordinal));
        string context = run.ToString();

        Assert.True(run.Violation is null, context);
        Assert.True(exit == run.Result.ExitCode, $"expected exit {exit}: {context}");
        Assert.True(clock.Elapsed.TotalSeconds - sentAt < 10, $"took {clock.Elapsed.TotalSeconds - sentAt:F1} s after the signal: {context}");
        string how = ending.How;
        string stage = System.Text.RegularExpressions.Regex.Escape(progress[..progress.IndexOf(':', StringComparison.Ordinal)]);
        Assert.Matches($"^{program}: {System.Text.RegularExpressions.Regex.Escape(how)} during {stage} \\([0-9]+/[0-9]+\\), [0-9.]+ s into the run; {saved}$", run.Result.StderrLines[^1]);
        Assert.False(run.Result.Stdout.Contains('{', StringComparison.Ordinal), $"JSON after an interruption: {context}");
        Assert.Equal("previous checkpoint", File.ReadAllText(keep));
        Assert.Empty(Directory.EnumerateFiles(dir, "*.tmp", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }));
        // What was written before the signal is complete: every picture is a whole PNG; without --frame-pngs there is none.
        var pictures = Directory.Exists(Path.Combine(dir, "out")) ? Directory.GetFiles(Path.Combine(dir, "out"), "*", SearchOption.AllDirectories) : Array.Empty<string>();
        Assert.Equal(args.Contains("--frame-pngs", StringComparison.Ordinal), pictures.Length > 0);
        foreach (string picture in pictures)
            Assert.True(File.ReadAllBytes(picture).AsSpan().EndsWith(PngEnd), $"{picture} is not a complete PNG");
    }

    // The IEND chunk that ends every PNG file: "IEND" and its CRC.
    private static readonly byte[] PngEnd = { 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82 };

    private static void Send(int signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false })!;
        kill.WaitForExit();
    }
}

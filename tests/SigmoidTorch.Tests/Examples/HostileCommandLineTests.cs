using System.Text.Json;
using SigmoidTorch.Cli;
using SigmoidTorch.Data;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Examples;

/// <summary>One flag of a program, as the program's own option table lists it (<see cref="OptionTable"/>).</summary>
public sealed record OptionRow(string Name, string Type, int ArityMin, int ArityMax, string? Role, string? Form, string? Example,
                               IReadOnlyList<string>? Choices, bool Shared);

/// <summary>
/// One generated run: <see cref="Args"/> (with <c>{dir}</c> for the run's own empty folder, also its working
/// directory), the exit codes allowed, words its error line must hold, files to make first and checks of what it left.
/// </summary>
public sealed record HostileCase(string Program, string Flag, string Label)
{
    public required IReadOnlyList<string> Args { get; init; }

    public required IReadOnlyList<int> Exits { get; init; }

    public string? Says { get; init; }

    public Action<string>? Prepare { get; init; }

    public Action<string, BoundedResult>? Verify { get; init; }

    /// <summary>Whether the run has <c>--save {dir}/keep.ckpt</c>, a file that must stay byte for byte unless the run succeeds.</summary>
    public bool Saves => Args.Contains("{dir}/keep.ckpt");

    public string Name => $"{Program} {Flag} {Label}";

    public override string ToString() => Name;
}

/// <summary>
/// Hostile values for every flag, generated from each program's own option table (the program prints it when
/// SIGMOIDTORCH_OPTION_TABLE=1), so a flag is covered the day it appears. Every numeric flag gets 0, −1, int.MaxValue,
/// 1e308, NaN and a decimal comma (a number list gets them as its first value, and the space-separated form); every
/// path flag gets a missing path, a folder, a FIFO, a device, a symbolic link, an unwritable place and the empty
/// string; every flag of fixed choices (<c>--trainer</c>, <c>--step</c>, <c>--activation</c>, …) gets a word it does
/// not take, the empty string and a choice in capitals. Flags every program shares (<see cref="CommonOptions"/>, one code path) are generated once, on the first
/// program that has them and a quick run. A program without a quick run (Benchmarks) gets only the cases that must
/// stop at parse time. Each case runs on top of the program's quick run with <c>--out</c> and
/// <c>--save {dir}/keep.ckpt</c> (where it has them), under a time limit and a memory ceiling, and must: end
/// within them; exit as the rules say (2: one line naming the problem and pointing to --help; 1: one error line,
/// last, no stack trace; never an "unexpected" error, which the README calls a bug); leave keep.ckpt byte for byte
/// unless it succeeded (then it holds a checkpoint that loads); leave no temporary file.
/// </summary>
public class HostileCommandLineTests
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);
    private const long MemoryCeiling = 1536L << 20;
    private const string Kept = "ORIGINAL CHECKPOINT BYTES";

    private static readonly string[] NumberValues = { "0", "-1", "2147483647", "1e308", "NaN", "1,5" };

    /// <summary>Each program's option table.</summary>
    internal static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<OptionRow>>> Tables = new(() =>
        CommandLineTests.Programs.ToDictionary(p => p.Name, p => (IReadOnlyList<OptionRow>)Table(p.Name)));

    private static readonly JsonSerializerOptions TableFormat = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static List<OptionRow> Table(string program)
    {
        var run = ExampleProcess.Run(program, Array.Empty<string>(), Path.GetTempPath(), new Dictionary<string, string> { [OptionTable.EnvironmentVariable] = "1" });
        if (run.ExitCode != 0) throw new InvalidOperationException($"{program} did not print its option table: {run}");
        return JsonSerializer.Deserialize<List<OptionRow>>(run.Stdout, TableFormat)!;
    }

    /// <summary>Every generated case.</summary>
    public static IReadOnlyList<HostileCase> All => Cases.Value;

    private static readonly Lazy<IReadOnlyList<HostileCase>> Cases = new(() => Generate().ToList());

    private static IEnumerable<HostileCase> Generate()
    {
        var programs = CommandLineTests.Programs;
        foreach (var program in programs)
        {
            var table = Tables.Value[program.Name];
            foreach (var row in table)
            {
                // A shared flag is one code path: test it on the first program with a quick run that takes it.
                if (row.Shared && programs.First(p => Tables.Value[p.Name].Any(r => r.Name == row.Name) && p.QuickRun is not null) != program) continue;
                var cases = row.Role is { } role ? PathCases(program, table, row, role)
                    : row.Type is "whole" or "number" ? NumberCases(program, table, row)
                    : row.Type == "number_list" ? ListCases(program, table, row)
                    : row.Choices is { Count: > 0 } choices ? ChoiceCases(program, table, row, choices)
                    : Enumerable.Empty<HostileCase>();
                foreach (var c in cases)
                    if (program.QuickRun is not null || c.Exits.SequenceEqual(new[] { ExitCodes.BadUsage }))
                        yield return c;
            }
        }
    }

    // The program's quick run without the flag under test, plus --out and --save into {dir} where it has them.
    private static List<string> Base(ExampleProgram program, IReadOnlyList<OptionRow> table, string flag, bool plots = false)
    {
        var words = new List<string>();
        var quick = (program.QuickRun ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < quick.Length; i++)
        {
            if (quick[i] == flag) i++;
            else if (!(plots && quick[i] == "--no-plots")) words.Add(quick[i]);
        }
        if (flag != "--out" && table.Any(r => r.Name == "--out")) words.AddRange(new[] { "--out", "{dir}/out" });
        if (flag != "--save" && table.Any(r => r.Name == "--save")) words.AddRange(new[] { "--save", "{dir}/keep.ckpt" });
        return words;
    }

    private static readonly int[] AnyExit = { ExitCodes.Success, ExitCodes.Failure, ExitCodes.BadUsage };

    private static IEnumerable<HostileCase> NumberCases(ExampleProgram p, IReadOnlyList<OptionRow> table, OptionRow row)
    {
        bool whole = row.Type == "whole";
        foreach (string value in NumberValues)
        {
            var args = Base(p, table, row.Name).Concat(new[] { row.Name, value }).ToList();
            (int[] exits, string? says) = value switch
            {
                "1e308" or "NaN" or "1,5" when whole => (new[] { ExitCodes.BadUsage }, $"{row.Name} expects a whole number"),
                "1,5" => (new[] { ExitCodes.BadUsage }, $"{row.Name} expects a number with a decimal point, e.g. 1.5, got '1,5'"),
                "NaN" => (new[] { ExitCodes.BadUsage }, row.Name),
                _ => (AnyExit, null),
            };
            yield return new HostileCase(p.Name, row.Name, value) { Args = args, Exits = exits, Says = says };
        }
    }

    private static IEnumerable<HostileCase> ListCases(ExampleProgram p, IReadOnlyList<OptionRow> table, OptionRow row)
    {
        var example = (row.Example ?? throw new InvalidOperationException($"{p.Name} {row.Name}: a number list without an example")).Split(',');
        foreach (string value in NumberValues.Where(v => v != "1,5"))
        {
            string list = string.Join(',', example.Skip(1).Prepend(value));
            var args = Base(p, table, row.Name).Concat(new[] { row.Name, list }).ToList();
            var (exits, says) = value == "NaN" ? (new[] { ExitCodes.BadUsage }, $"{row.Name} takes finite numbers") : (AnyExit, (string?)null);
            yield return new HostileCase(p.Name, row.Name, list) { Args = args, Exits = exits, Says = says };
        }
        if (example.Length > 1)
            yield return new HostileCase(p.Name, row.Name, string.Join(' ', example))
            {
                Args = Base(p, table, row.Name).Append(row.Name).Concat(example).ToList(),
                Exits = new[] { ExitCodes.BadUsage },
                Says = "separated by commas",
            };
    }

    private static IEnumerable<HostileCase> ChoiceCases(ExampleProgram p, IReadOnlyList<OptionRow> table, OptionRow row, IReadOnlyList<string> choices)
    {
        foreach (string value in new[] { "bogus", "", choices[0].ToUpperInvariant() })
            yield return new HostileCase(p.Name, row.Name, value.Length == 0 ? "empty string" : value)
            {
                Args = Base(p, table, row.Name).Concat(new[] { row.Name, value }).ToList(),
                Exits = new[] { ExitCodes.BadUsage },
                Says = row.Name,
            };
    }

    private static IEnumerable<HostileCase> PathCases(ExampleProgram p, IReadOnlyList<OptionRow> table, OptionRow row, string role)
    {
        bool folder = role == "output_folder";
        var args = Base(p, table, row.Name, plots: folder);
        HostileCase Case(string label, string path, int exit, string? says, Action<string>? prepare = null, Action<string, BoundedResult>? verify = null) =>
            new(p.Name, row.Name, label) { Args = args.Concat(new[] { row.Name, path }).ToList(), Exits = new[] { exit }, Says = says, Prepare = prepare, Verify = verify };
        string unwritable = $"/proc/sigmoidtorch-{Guid.NewGuid():N}";

        yield return Case("empty string", "", ExitCodes.BadUsage, $"{row.Name} needs a {(folder ? "folder" : "file")} name");
        yield return Case("directory", "{dir}/a-folder", folder ? ExitCodes.Success : ExitCodes.Failure, folder ? null : "is a folder",
            dir => File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(dir, "a-folder")).FullName, "old.txt"), "old"),
            (dir, _) => Assert.Equal("old", File.ReadAllText(Path.Combine(dir, "a-folder", "old.txt"))));
        yield return Case("FIFO", "{dir}/fifo", ExitCodes.Failure, "is a FIFO (named pipe)",
            dir => SpecialFiles.Fifo(Path.Combine(dir, "fifo")),
            (dir, _) => Assert.Equal(FileKind.Fifo, FileStatus.Of(Path.Combine(dir, "fifo")).Kind));
        string device = role == "input_file" ? "zero" : "null";
        yield return Case("device", SpecialFiles.IsRoot ? $"{{dir}}/{device}" : $"/dev/{device}", ExitCodes.Failure, "is a character device",
            dir => _ = role == "input_file" ? SpecialFiles.ZeroDevice(Path.Combine(dir, device)) : SpecialFiles.NullDevice(Path.Combine(dir, device)),
            (dir, _) => Assert.Equal(FileKind.CharacterDevice, FileStatus.Of(SpecialFiles.IsRoot ? Path.Combine(dir, device) : $"/dev/{device}", followLinks: false).Kind));
        switch (role)
        {
            case "input_file":
                yield return Case("missing", "{dir}/missing.json", ExitCodes.Failure, "missing.json' does not exist");
                yield return Case("symbolic link to a device", "{dir}/link", ExitCodes.Failure, "is a character device",
                    dir => File.CreateSymbolicLink(Path.Combine(dir, "link"), SpecialFiles.ZeroDevice(Path.Combine(dir, "zero"))));
                yield return Case("read-only file of garbage", "{dir}/garbage", ExitCodes.Failure, "garbage'",
                    dir =>
                    {
                        File.WriteAllText(Path.Combine(dir, "garbage"), "\u0001garbage, not data");
                        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(dir, "garbage"), UnixFileMode.UserRead);
                    },
                    (dir, _) => Assert.Equal("\u0001garbage, not data", File.ReadAllText(Path.Combine(dir, "garbage"))));
                break;
            case "output_file":
                yield return Case("missing", "{dir}/new/model.ckpt", ExitCodes.Success, null, null,
                    (dir, _) => Loads(Path.Combine(dir, "new", "model.ckpt")));
                yield return Case("symbolic link", "{dir}/link.ckpt", ExitCodes.Success, null,
                    dir =>
                    {
                        Directory.CreateDirectory(Path.Combine(dir, "elsewhere"));
                        File.WriteAllText(Path.Combine(dir, "elsewhere", "target.ckpt"), "old");
                        File.CreateSymbolicLink(Path.Combine(dir, "link.ckpt"), Path.Combine(dir, "elsewhere", "target.ckpt"));
                    },
                    (dir, _) =>
                    {
                        Assert.Equal(FileKind.SymbolicLink, FileStatus.Of(Path.Combine(dir, "link.ckpt"), followLinks: false).Kind);
                        Loads(Path.Combine(dir, "elsewhere", "target.ckpt"));
                    });
                yield return Case("unwritable", $"{unwritable}/model.ckpt", ExitCodes.Failure, "cannot write", null,
                    (_, _) => Assert.Equal(FileKind.Missing, FileStatus.Of(unwritable).Kind));
                break;
            default:
                yield return Case("missing", "{dir}/new/pictures", ExitCodes.Success, null, null,
                    (dir, _) => Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "new", "pictures"))));
                yield return Case("symbolic link", "{dir}/link", ExitCodes.Success, null,
                    dir => Directory.CreateSymbolicLink(Path.Combine(dir, "link"), Directory.CreateDirectory(Path.Combine(dir, "real")).FullName),
                    (dir, _) => Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "real"))));
                yield return Case("unwritable", unwritable, ExitCodes.Failure, "cannot write", null,
                    (_, _) => Assert.Equal(FileKind.Missing, FileStatus.Of(unwritable).Kind));
                break;
        }
    }

    private static void Loads(string path)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var model = Checkpoint.Load(path).Model;
    }

    public static TheoryData<string> Names => new(All.Select(c => c.Name));

    /// <summary>Every case's run, started together on first use, a few at a time.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Task<BoundedResult>>> Runs = new(() => ProcessPool.Start(All, c => c.Name, RunCase));

    // What each case left in its folder is checked inside the run (the folder is removed afterwards).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Exception?> Leftovers = new();

    private static BoundedResult RunCase(HostileCase c)
    {
        string dir = Directory.CreateTempSubdirectory("sigmoidtorch-hostile-").FullName;
        try
        {
            if (c.Saves) File.WriteAllText(Path.Combine(dir, "keep.ckpt"), Kept);
            c.Prepare?.Invoke(dir);
            var args = c.Args.Select(a => a.Replace("{dir}", dir, StringComparison.Ordinal));
            var result = BoundedProcess.Run(ExampleProcess.StartInfo(c.Program, args, dir), TimeLimit, MemoryCeiling);
            Leftovers[c.Name] = Record(() => CheckLeftovers(c, dir, result));
            return result;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Exception? Record(Action check)
    {
        try
        {
            check();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static void CheckLeftovers(HostileCase c, string dir, BoundedResult run)
    {
        if (run.Violation is not null) return;
        if (c.Saves)
        {
            string keep = Path.Combine(dir, "keep.ckpt");
            if (run.Result.ExitCode == ExitCodes.Success) Loads(keep);
            else Assert.True(File.ReadAllText(keep) == Kept, $"a failed run changed keep.ckpt\n{run}");
        }
        var temporary = Directory.EnumerateFiles(dir, "*.tmp", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).ToList();
        Assert.True(temporary.Count == 0, $"temporary files left: {string.Join(", ", temporary)}\n{run}");
        if (run.Result.ExitCode == c.Exits[0] || c.Exits.Count > 1) c.Verify?.Invoke(dir, run);
    }

    [Theory, MemberData(nameof(Names))]
    public async Task HostileValuesGetTheirOneLineAnswer(string name)
    {
        var c = All.Single(x => x.Name == name);
        var run = await Runs.Value[name];
        string context = $"{c.Program} {string.Join(' ', c.Args)} {c.Flag} …\n{run}";
        Assert.True(run.Violation is null, context);
        Assert.True(c.Exits.Contains(run.Result.ExitCode), $"expected exit {string.Join(" or ", c.Exits)}: {context}");
        CheckAnswer(c.Program, run.Result, context);
        if (c.Says is { } says) Assert.True(run.Result.Stderr.Contains(says, StringComparison.Ordinal), $"expected \"{says}\": {context}");
        if (Leftovers[name] is { } failure) throw failure;
    }

    /// <summary>The shape every answer has, from its exit code: the rules of <see cref="CommandLineTests"/>, and never an "unexpected" error.</summary>
    internal static void CheckAnswer(string program, ProcessResult r, string context)
    {
        var lines = r.StderrLines;
        Assert.DoesNotContain("Unhandled exception", r.Stderr, StringComparison.Ordinal);
        Assert.False(lines.Any(l => l.StartsWith("at ", StringComparison.Ordinal)), $"a stack trace: {context}");
        Assert.False(r.Stderr.Contains(": unexpected ", StringComparison.Ordinal), $"an unexpected error is a bug: {context}");
        var errors = lines.Where(l => l.StartsWith($"{program}: error: ", StringComparison.Ordinal)).ToList();
        switch (r.ExitCode)
        {
            case ExitCodes.BadUsage:
                Assert.True(lines.Length == 1 && lines[0].StartsWith($"{program}: ", StringComparison.Ordinal) && lines[0].EndsWith($"(see {program} --help)", StringComparison.Ordinal),
                    $"a refused value gives exactly one line: {context}");
                Assert.True(r.Stdout.Length == 0, $"nothing on stdout: {context}");
                break;
            case ExitCodes.Failure:
                Assert.True(errors.Count == 1 && lines[^1] == errors[0], $"a runtime error gives one error line, the last: {context}");
                break;
            default:
                Assert.True(errors.Count == 0, $"no error line on success: {context}");
                break;
        }
    }

    [Fact]
    public void EveryCaseHasItsOwnName() => Assert.Equal(All.Count, All.Select(c => c.Name).Distinct().Count());

    /// <summary>The tables list what the generator needs: every program's numeric, path and choice flags, typed.</summary>
    [Fact]
    public void TheOptionTablesNameTheFlags()
    {
        var sine = Tables.Value["SineRegression"].ToDictionary(r => r.Name);
        Assert.Equal("whole", sine["--epochs"].Type);
        Assert.Equal("number", sine["--lr"].Type);
        Assert.Equal(("number_list", "MIN,MAX", "0,6.28"), (sine["--domain"].Type, sine["--domain"].Form, sine["--domain"].Example));
        Assert.Equal(("input_file", true), (sine["--load"].Role, sine["--load"].Shared));
        Assert.Equal("output_file", sine["--save"].Role);
        Assert.Equal("output_folder", sine["--out"].Role);
        Assert.Equal("input_file", Tables.Value["FlowerClassifier"].Single(r => r.Name == "--data").Role);
        Assert.Contains(All, c => c.Name == "FlowerClassifier --data FIFO");
        Assert.Contains(All, c => c.Name == "Sweep --lrs 2147483647,0.45,0.9");
        Assert.Equal(new[] { "readable", "fused" }, sine["--step"].Choices);
        Assert.Equal(("text", true), (sine["--step"].Type, sine["--step"].Shared));
        Assert.Contains(All, c => c.Name == "SineRegression --step bogus");
        Assert.Contains(All, c => c.Name == "GradCheck --model NEURON");
    }
}

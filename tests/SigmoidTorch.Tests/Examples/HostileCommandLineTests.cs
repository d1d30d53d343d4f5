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

    /// <summary>Undoes what <see cref="Prepare"/> made that removing the folder does not (a mount).</summary>
    public Action<string>? Cleanup { get; init; }

    /// <summary>Redirections of the program's standard streams as a shell writes them (<c>2&gt;&amp;-</c>, <c>&gt;/dev/full</c>), or null.</summary>
    public string? Streams { get; init; }

    /// <summary>Whether the program runs as a user that is not root (nobody, where the suite runs as root), so that a folder can be closed to it.</summary>
    public bool Unprivileged { get; init; }

    /// <summary>The folder under {dir} the program runs in, or null for {dir} itself.</summary>
    public string? WorkingFolder { get; init; }

    /// <summary>Why this case cannot run on this machine, or null.</summary>
    public string? SkipReason { get; init; }

    /// <summary>Whether stderr is closed: the answer is then the exit code alone.</summary>
    public bool Silent => Streams?.Contains("2>&-", StringComparison.Ordinal) == true;

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
/// string; every path the program writes also a /proc target, a name of 300 bytes and a legal one of 245, a path of
/// 3,000 levels, a dangling symbolic link, a folder closed to the user and a read-only current folder (run as the user
/// nobody where the suite runs as root), and a full disk (a small tmpfs, where the suite may mount one): each refused
/// in one line before training, or, for the full disk, failing after training with the model saved elsewhere; every
/// program gets its standard streams closed or full (stderr closed on a run and on a bad flag, stdout closed,
/// stdout on /dev/full); every flag of fixed choices (<c>--trainer</c>, <c>--step</c>, <c>--activation</c>, …) gets a word it does
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
        ExamplePrograms.All.ToDictionary(p => p.Name, p => (IReadOnlyList<OptionRow>)Table(p.Name)));

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
        var programs = ExamplePrograms.All;
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
            if (program.QuickRun is not null)
                foreach (var c in StreamCases(program, table))
                    yield return c;
        }
    }

    // The standard streams closed or full, on the program's quick run (with --out and --save into {dir}, as every case).
    private static IEnumerable<HostileCase> StreamCases(ExampleProgram p, IReadOnlyList<OptionRow> table)
    {
        var args = Base(p, table, "");
        bool saves = table.Any(r => r.Name == "--save");
        HostileCase Case(string label, string streams, IEnumerable<string> words, int exit, string? says, Action<string, BoundedResult>? verify = null) =>
            new(p.Name, "streams", label) { Args = words.ToList(), Streams = streams, Exits = [exit], Says = says, Verify = verify };

        yield return Case("stderr closed", "2>&-", args, ExitCodes.Success, null);
        yield return Case("stderr closed, a bad flag", "2>&-", args.Append("--no-such-flag"), ExitCodes.BadUsage, null);
        yield return Case("stdout closed", ">&-", args, ExitCodes.BadUsage, "stdout was closed when the program started");
        // A program that reports before it trains (DigitClassifier) fails before training, with nothing to save; one that trained saves its model elsewhere.
        yield return Case("stdout on /dev/full", ">/dev/full", args, ExitCodes.Failure, "cannot write to stdout: No space left on device",
            saves ? (dir, run) =>
            {
                if (System.Text.RegularExpressions.Regex.IsMatch(run.Result.Stderr, "^training[^:]*: ", System.Text.RegularExpressions.RegexOptions.Multiline)) Rescued(p.Name, dir, run);
                else Assert.Empty(Directory.GetFiles(dir, $"{p.Name}-unsaved-*.ckpt"));
            } : null);
    }

    // The model a failed run had trained: saved as PROGRAM-unsaved-….ckpt in the --save file's folder ({dir}), named in the error line, and it loads.
    private static void Rescued(string program, string dir, BoundedResult run)
    {
        string rescued = Assert.Single(Directory.GetFiles(dir, $"{program}-unsaved-*.ckpt"));
        Assert.Matches($"the trained model is saved in '[^']*{System.Text.RegularExpressions.Regex.Escape(Path.GetFileName(rescued))}' instead of", run.Result.Stderr);
        Loads(rescued);
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
        // A path to write that cannot take its file is the user's to change: exit 2, before training. A file to read that is not one: exit 1.
        int wrongKind = role == "input_file" ? ExitCodes.Failure : ExitCodes.BadUsage;
        yield return Case("directory", "{dir}/a-folder", folder ? ExitCodes.Success : wrongKind, folder ? null : "is a folder",
            dir => File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(dir, "a-folder")).FullName, "old.txt"), "old"),
            (dir, _) => Assert.Equal("old", File.ReadAllText(Path.Combine(dir, "a-folder", "old.txt"))));
        yield return Case("FIFO", "{dir}/fifo", wrongKind, "is a FIFO (named pipe)",
            dir => SpecialFiles.Fifo(Path.Combine(dir, "fifo")),
            (dir, _) => Assert.Equal(FileKind.Fifo, FileStatus.Of(Path.Combine(dir, "fifo")).Kind));
        string device = role == "input_file" ? "zero" : "null";
        yield return Case("device", SpecialFiles.IsRoot ? $"{{dir}}/{device}" : $"/dev/{device}", wrongKind, "is a character device",
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
                yield return Case("dangling symbolic link", "{dir}/link", ExitCodes.Failure, "is a symbolic link to",
                    dir => File.CreateSymbolicLink(Path.Combine(dir, "link"), Path.Combine(dir, "gone.json")));
                foreach (var c in UnreadableCases(p, row, args))
                    yield return c;
                foreach (var c in ContentCases(p, row, args))
                    yield return c;
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
                yield return Case("unwritable", $"{unwritable}/model.ckpt", ExitCodes.BadUsage, "cannot write", null,
                    (_, _) => Assert.Equal(FileKind.Missing, FileStatus.Of(unwritable).Kind));
                break;
            default:
                yield return Case("missing", "{dir}/new/pictures", ExitCodes.Success, null, null,
                    (dir, _) => Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "new", "pictures"))));
                yield return Case("symbolic link", "{dir}/link", ExitCodes.Success, null,
                    dir => Directory.CreateSymbolicLink(Path.Combine(dir, "link"), Directory.CreateDirectory(Path.Combine(dir, "real")).FullName),
                    (dir, _) => Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "real"))));
                yield return Case("unwritable", unwritable, ExitCodes.BadUsage, "cannot write", null,
                    (_, _) => Assert.Equal(FileKind.Missing, FileStatus.Of(unwritable).Kind));
                break;
        }
        if (role == "input_file") yield break;
        foreach (var c in TargetCases(p, row, folder, args))
            yield return c;
    }

    // A file the user may not read, and one in a folder the user may not search: "permission denied", not "does not exist".
    private static IEnumerable<HostileCase> UnreadableCases(ExampleProgram p, OptionRow row, List<string> args)
    {
        SpecialFiles.AsUnprivilegedUser(out string? why);
        int closed = SpecialFiles.IsRoot ? 0x180 : 0;                                       // 600 of root's, or 000 of the user's own
        HostileCase Case(string label, string path, string says, Action<string> prepare, string locked) =>
            new(p.Name, row.Name, label)
            {
                Args = args.Concat(new[] { row.Name, path }).ToList(), Exits = [ExitCodes.Failure], Says = says, Unprivileged = true, SkipReason = why,
                Prepare = dir =>
                {
                    SpecialFiles.SetMode(dir, 0x1FF);                                        // 777: nobody may write keep.ckpt's folder
                    prepare(dir);
                },
                Cleanup = dir => SpecialFiles.SetMode(Path.Combine(dir, locked), 0x1C0),   // 700, so that the folder can be removed
            };
        yield return Case("unreadable file", "{dir}/secret", "cannot be read: permission denied", dir =>
        {
            File.WriteAllText(Path.Combine(dir, "secret"), "{}");
            SpecialFiles.SetMode(Path.Combine(dir, "secret"), closed);
        }, "secret");
        yield return Case("file in a folder closed to the user", "{dir}/locked/file", "cannot be read: permission denied (a folder on its way may not be searched)", dir =>
        {
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(dir, "locked")).FullName, "file"), "{}");
            SpecialFiles.SetMode(Path.Combine(dir, "locked"), SpecialFiles.IsRoot ? 0x1C0 : 0);
        }, "locked");
    }

    // A checkpoint or weights file that repeats a key, holds a number as text or starts with a byte order mark (which is
    // read past, so that the next check speaks): one line each, saying "is damaged" at most once.
    private static IEnumerable<HostileCase> ContentCases(ExampleProgram p, OptionRow row, List<string> args)
    {
        HostileCase Case(string label, string says, string content, bool bom = false) =>
            new(p.Name, row.Name, label)
            {
                Args = args.Concat(new[] { row.Name, "{dir}/file.json" }).ToList(), Exits = [ExitCodes.Failure], Says = says,
                Prepare = dir => File.WriteAllText(Path.Combine(dir, "file.json"), content, new System.Text.UTF8Encoding(bom)),
                Verify = (_, run) => Assert.True(run.Result.Stderr.Split("is damaged").Length <= 2, $"'is damaged' more than once\n{run}"),
            };
        switch (row.Name)
        {
            case "--load":
                yield return Case("a duplicated key", "file.json' is damaged: an object names \"version\" twice",
                    """{"format": "sigmoidtorch-checkpoint", "version": 3, "version": 3}""");
                yield return Case("a whole number as text", "file.json' is damaged: \"inputs\" must be a whole number, found \"1\"",
                    """{"format": "sigmoidtorch-checkpoint", "version": 3, "spec": {"kind": "mlp", "inputs": "1"}}""");
                yield return Case("a byte order mark", "file.json' has no \"version\"", """{"format": "sigmoidtorch-checkpoint"}""", bom: true);
                break;
            case "--init-weights":
                yield return Case("a duplicated key", "file.json' names 'Wh' twice", """{"Wh": [[1]], "Wh": [[1]]}""");
                yield return Case("a byte order mark", "file.json' must hold a JSON object of named arrays, found a JSON array", "[1]", bom: true);
                break;
        }
    }

    // The ways a path to write can be wrong that only the file system tells, each refused before training (exit 2) but
    // a full disk, which a run meets after it (exit 1: the model it trained is saved elsewhere); and the longest legal name, which must save.
    private static IEnumerable<HostileCase> TargetCases(ExampleProgram p, OptionRow row, bool folder, List<string> args)
    {
        string file = folder ? "pictures" : "model.ckpt";
        HostileCase Case(string label, string path, int exit, string? says, Action<string>? prepare = null, Action<string, BoundedResult>? verify = null) =>
            new(p.Name, row.Name, label) { Args = args.Concat(new[] { row.Name, path }).ToList(), Exits = [exit], Says = says, Prepare = prepare, Verify = verify };
        void Written(string path)
        {
            if (folder) Assert.NotEmpty(Directory.GetFiles(path));
            else Loads(path);
        }

        yield return Case("/proc target", folder ? "/proc/self" : "/proc/version", ExitCodes.BadUsage, "a pseudo file system of the kernel's, where no file can be saved");
        string tooLong = new('n', 300), longest = new('n', 245);
        yield return Case("300-byte name", $"{{dir}}/{tooLong}", ExitCodes.BadUsage, "is 300 bytes long, more than the 255 a name may have",
            verify: (dir, _) => Assert.False(Path.Exists(Path.Combine(dir, tooLong))));
        yield return Case("245-byte name", $"{{dir}}/{longest}", ExitCodes.Success, null, verify: (dir, _) => Written(Path.Combine(dir, longest)));
        yield return Case("3,000-level path", "{dir}/" + string.Concat(Enumerable.Repeat("d/", 3000)) + file, ExitCodes.BadUsage, "more than the 4,095 a path may have",
            verify: (dir, _) => Assert.False(Path.Exists(Path.Combine(dir, "d"))));
        yield return Case("dangling symbolic link", "{dir}/link", ExitCodes.BadUsage, "does not exist",
            dir => File.CreateSymbolicLink(Path.Combine(dir, "link"), Path.Combine(dir, "gone", "deeper", file)),
            (dir, _) => Assert.False(Path.Exists(Path.Combine(dir, "gone")), "a folder was made behind the symbolic link"));

        // A folder closed to the user: root's own (the program runs as nobody), or, where the suite is not root, one without write permission.
        var unprivileged = SpecialFiles.AsUnprivilegedUser(out string? why);
        void Closed(string dir)
        {
            SpecialFiles.SetMode(dir, 0x1FF);                                       // 777: nobody may write {dir} (keep.ckpt's folder), not locked/
            SpecialFiles.SetMode(Directory.CreateDirectory(Path.Combine(dir, "locked")).FullName, SpecialFiles.IsRoot ? 0x1ED : 0x16D);   // 755 (root's), or 555
        }
        yield return Case("folder closed to the user", $"{{dir}}/locked/{file}", ExitCodes.BadUsage, "no permission to create files in", Closed,
            (dir, _) => Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dir, "locked")))) with { Unprivileged = true, SkipReason = why };
        yield return Case("read-only current folder", file, ExitCodes.BadUsage, "no permission to create files in", Closed,
            (dir, _) => Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dir, "locked")))) with { Unprivileged = true, WorkingFolder = "locked", SkipReason = why };

        Action? unmount = null;
        yield return Case("full disk", $"{{dir}}/full{(folder ? "" : "/model.ckpt")}", ExitCodes.Failure, "No space left on device",
            dir => unmount = SpecialFiles.FullFileSystem(Path.Combine(dir, "full")) ?? throw new InvalidOperationException("no tmpfs"),
            (dir, run) => Rescued(p.Name, dir, run)) with { Cleanup = _ => unmount?.Invoke(), SkipReason = SpecialFiles.NoFullFileSystem };
    }

    private static void Loads(string path)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var model = Checkpoint.Load(path).Model;
    }

    public static TheoryData<string> Names => new(All.Select(c => c.Name));

    /// <summary>Every case's run (but those this machine cannot run), started together on first use, a few at a time.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Task<BoundedResult>>> Runs = new(() => ProcessPool.Start(All.Where(c => c.SkipReason is null), c => c.Name, RunCase));

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
            var prefix = new List<string>();
            if (c.Unprivileged) prefix.AddRange(SpecialFiles.AsUnprivilegedUser(out _) ?? []);
            if (c.Streams is { } streams) prefix.AddRange(["sh", "-c", $"exec \"$@\" {streams}", "sh"]);
            var environment = c.Unprivileged ? new Dictionary<string, string> { ["HOME"] = Path.GetTempPath() } : null;
            var start = ExampleProcess.StartInfo(c.Program, args, Path.Combine(dir, c.WorkingFolder ?? ""), environment, prefix.Count > 0 ? prefix : null);
            var result = BoundedProcess.Run(start, TimeLimit, MemoryCeiling);
            Leftovers[c.Name] = Record(() => CheckLeftovers(c, dir, result));
            return result;
        }
        finally
        {
            c.Cleanup?.Invoke(dir);
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
        if (c.SkipReason is { } why) Assert.Skip(why);
        var run = await Runs.Value[name];
        string context = $"{c.Program} {string.Join(' ', c.Args)} {c.Flag} {c.Streams} …\n{run}";
        Assert.True(run.Violation is null, context);
        Assert.True(c.Exits.Contains(run.Result.ExitCode), $"expected exit {string.Join(" or ", c.Exits)}: {context}");
        if (c.Silent) Assert.True(run.Result.Stderr.Length == 0, $"stderr was closed, yet something came through: {context}");
        else CheckAnswer(c.Program, run.Result, context);
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

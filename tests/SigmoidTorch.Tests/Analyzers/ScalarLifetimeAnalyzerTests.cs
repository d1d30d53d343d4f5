using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SigmoidTorch.Analyzers;
using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Analyzers;

/// <summary>
/// The project's analyzer (src/SigmoidTorch.Analyzers): each rule fires on the code it is about and not on its fix, its
/// list of TorchSharp members is what TorchSharp's IL says, and the repository's own code (src, examples, tests) is free
/// of what it reports, checked here over the sources whether or not the build ran it.
/// </summary>
public class ScalarLifetimeAnalyzerTests
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // The runtime's assemblies and everything beside the tests (TorchSharp, the library, xunit, Spectre, ScottPlot…).
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
            .GroupBy(Path.GetFileName, StringComparer.Ordinal).Select(g => g.First());
        var references = new List<MetadataReference>();
        foreach (var path in paths)
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
                if (!pe.HasMetadata) continue;
            }
            catch (BadImageFormatException)
            {
                continue;                                   // a native library beside the tests
            }
            references.Add(MetadataReference.CreateFromFile(path));
        }
        return references.ToImmutableArray();
    });

    private static string TorchSharpPath => typeof(TorchSharp.torch).Assembly.Location;

    private static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees, string name = "Snippet") =>
        CSharpCompilation.Create(name, trees, References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static ImmutableArray<Diagnostic> Analyze(Compilation compilation) =>
        compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ScalarLifetimeAnalyzer()))
            .GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();

    // The rules a method body breaks, in order, as "ST0001 0.5"; the snippet must compile.
    private static string[] Findings(string body)
    {
        string source = $$"""
            using System.Collections.Generic;
            using TorchSharp;
            using static TorchSharp.torch;
            public static class Snippet
            {
                private static readonly Scalar kept = 1.0.ToScalar();
                private static readonly List<Scalar> owned = new();
                public static object Run(Tensor t, Tensor a, Tensor b, double lr, TorchSharp.Modules.SGD sgd)
                {
                    {{body}}
                }
            }
            """;
        var compilation = Compile(new[] { CSharpSyntaxTree.ParseText(source, cancellationToken: TestContext.Current.CancellationToken) });
        var errors = compilation.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"the snippet does not compile: {string.Join("; ", errors)}");
        return Analyze(compilation).Select(d => $"{d.Id} {d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)}").ToArray();
    }

    [Theory]
    [InlineData("return t.mul(0.5);", "ST0001 0.5")]                                        // a double becomes a Scalar nobody owns
    [InlineData("return t.add_(a, alpha: lr);", "ST0001 lr")]
    [InlineData("return t.clamp_min(1e-300);", "ST0001 1e-300")]
    [InlineData("return full(new long[] { 2 }, 3.0);", "ST0001 3.0")]
    [InlineData("return t.gt(0);", "ST0001 0")]                                              // an int too
    [InlineData("return t.mul((Scalar)0.5);", "ST0001 (Scalar)0.5")]                        // a cast makes the same unowned Scalar
    [InlineData("return t - 1.0;", "ST0002 t - 1.0")]                                       // TorchSharp's operator makes it
    [InlineData("return 1 - t;", "ST0002 1 - t")]
    [InlineData("return a + b;", "ST0002 a + b")]                                           // add(Tensor) with its alpha of 1
    [InlineData("return a.add(b);", "ST0002 a.add(b)")]
    [InlineData("return a.add_(b);", "ST0002 a.add_(b)")]
    [InlineData("return t.square();", "ST0002 t.square()")]                                  // pow(2)
    [InlineData("var c = t.clone(); c *= 2.0; return c;", "ST0002 c *= 2.0")]
    [InlineData("return sgd.step();", "ST0002 sgd.step()")]                                  // SGD's step: param.add_(grad, alpha: -lr)
    [InlineData("return t.mul(0.5.ToScalar());", "ST0003 0.5.ToScalar()")]                  // ToScalar() passed straight on
    [InlineData("var s = lr.ToScalar(); return t.mul(s);", "ST0003 lr.ToScalar()")]         // a local without using
    public void AViolationIsReported(string body, string finding) =>
        Assert.Equal(new[] { finding }, Findings(body));

    [Theory]
    [InlineData("using var s = 0.5.ToScalar(); return t.mul(s);")]
    [InlineData("using var alpha = (-lr).ToScalar(); return t.add_(a, alpha: alpha);")]
    [InlineData("using (var s = lr.ToScalar()) { return t.mul(s); }")]
    [InlineData("return t.sub(kept);")]                                                      // a Scalar a long-lived owner keeps
    [InlineData("return a.add(b, kept);")]
    [InlineData("return a - b;")]                                                            // sub(Tensor) has no alpha
    [InlineData("return a * b;")]
    [InlineData("return t.pow(kept);")]
    [InlineData("owned.Add(lr.ToScalar()); return t;")]                                     // kept in a collection its owner disposes
    [InlineData("return lr.ToScalar();")]                                                    // the caller owns it
    public void ItsFixIsNot(string body) =>
        Assert.Empty(Findings(body));

    [Fact]
    public void TheListOfMembersIsWhatTorchSharpsILSays()
    {
        var torchSharp = References.Value.OfType<PortableExecutableReference>().Single(r => Path.GetFileName(r.FilePath) == "TorchSharp.dll");
        var compilation = Compile(Array.Empty<SyntaxTree>());
        var scanned = FinalizedScalarScan.Members(compilation, torchSharp, TorchSharpPath);
        var listed = ScalarLifetimeAnalyzer.FinalizingMembers;
        var missing = scanned.Except(listed).ToList();
        var stale = listed.Except(scanned).ToList();
        if (missing.Count + stale.Count > 0)
        {
            // The list as it should read, for src/SigmoidTorch.Analyzers/FinalizedScalarMembers.txt.
            string file = Path.Combine(Path.GetTempPath(), "FinalizedScalarMembers.txt");
            File.WriteAllLines(file, new[] { ListHeader(typeof(TorchSharp.torch).Assembly.GetName().Version) }.Concat(scanned));
            Assert.Fail($"FinalizedScalarMembers.txt differs from TorchSharp's IL (the list it should be is in {file}): "
                + $"missing {missing.Count} ({string.Join(", ", missing.Take(5))}), stale {stale.Count} ({string.Join(", ", stale.Take(5))})");
        }
        // The scan finds what the rules are about: the operators, add's alpha of 1, and SGD's step.
        Assert.Contains("M:TorchSharp.torch.Tensor.op_Subtraction(TorchSharp.torch.Tensor,System.Double)", scanned);
        Assert.Contains("M:TorchSharp.torch.Tensor.add(TorchSharp.torch.Tensor)", scanned);
        Assert.Contains("M:TorchSharp.Modules.SGD.step(System.Func{TorchSharp.torch.Tensor})", scanned);
        Assert.DoesNotContain("M:TorchSharp.torch.Tensor.sub(TorchSharp.Scalar)", scanned);
    }

    private static string ListHeader(Version? version) =>
        $"# TorchSharp {version} members that make a Scalar and leave it to the finalizer (documentation IDs), read from its IL by\n"
        + "# tests/SigmoidTorch.Tests/Analyzers/ScalarLifetimeAnalyzerTests.cs, which writes this list anew when TorchSharp changes.";

    public static TheoryData<string> Projects()
    {
        var root = SourceTree.Root;
        var data = new TheoryData<string>();
        if (SourceTree.IsBundle) { data.Add("(bundle)"); return data; }
        foreach (var project in Directory.GetFiles(root, "*.csproj", SearchOption.AllDirectories)
                     .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .Select(p => Path.GetRelativePath(root, Path.GetDirectoryName(p)!)).Order(StringComparer.Ordinal))
            data.Add(project);
        return data;
    }

    [Theory, MemberData(nameof(Projects))]
    public void TheRepositorysCodeHasNone(string project)
    {
        string root = SourceTree.RequireRepository("the analyzer reads the sources");
        var all = Directory.GetFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories);
        // The project's sources, and the global usings its build generates (ImplicitUsings, xunit's) from one configuration's obj/.
        var files = all.Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(all.Where(f => f.EndsWith(".GlobalUsings.g.cs", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Take(1));
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f, cancellationToken: TestContext.Current.CancellationToken)).ToList();
        var compilation = Compile(trees, project.Replace('/', '.'));
        Assert.NotNull(compilation.GetTypeByMetadataName("TorchSharp.Scalar"));
        var findings = Analyze(compilation).Select(d => $"{Path.GetRelativePath(root, d.Location.SourceTree!.FilePath)}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id}").ToList();
        Assert.True(findings.Count == 0, $"{findings.Count} finding(s): {string.Join("; ", findings.Take(20))}");
    }
}

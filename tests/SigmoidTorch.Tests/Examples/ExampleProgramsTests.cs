using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Examples;

/// <summary>The registry of example programs is examples/ itself: a program added there is run by every program test the day it appears.</summary>
public class ExampleProgramsTests
{
    [Fact]
    public void TheRegistryHoldsEveryProgramOfExamplesAndNothingElse()
    {
        string root = SourceTree.RequireRepository("it lists the programs of examples/");
        var programs = Directory.GetDirectories(Path.Combine(root, "examples"))
            .Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj"))).Select(d => Path.GetFileName(d)!).Order().ToList();
        Assert.Equal(programs, ExamplePrograms.All.Select(p => p.Name).Order().ToList());
    }

    [Fact]
    public void EveryProgramInTheRegistryIsBuiltBesideTheTests()
    {
        foreach (var p in ExamplePrograms.All)
            foreach (var extension in new[] { ".dll", ".runtimeconfig.json", ".deps.json" })
                Assert.True(File.Exists(Path.ChangeExtension(ExampleProcess.Assembly(p.Name), extension)), $"{p.Name}{extension} is not in {AppContext.BaseDirectory}");
    }
}

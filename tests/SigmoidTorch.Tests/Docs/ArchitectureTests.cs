using SigmoidTorch.Tests.Infrastructure;
using Xunit;

namespace SigmoidTorch.Tests.Docs;

/// <summary>The picture of the projects in docs/architecture.md is the one the .csproj files give, so it cannot go stale.</summary>
public class ArchitectureTests
{
    [Fact]
    public void TheDiagramOfTheProjectsIsWhatTheirReferencesSay()
    {
        string root = SourceTree.RequireRepository("it reads the .csproj files");
        string page = File.ReadAllText(Path.Combine(root, "docs", "architecture.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        int marker = page.IndexOf(ProjectGraph.Marker, StringComparison.Ordinal);
        Assert.True(marker >= 0, $"docs/architecture.md has no line {ProjectGraph.Marker}");
        int start = marker + ProjectGraph.Marker.Length + 1;
        int end = page.IndexOf("\n```\n", start, StringComparison.Ordinal);
        Assert.True(end > start, "docs/architecture.md: no ```mermaid block after the marker");
        string committed = page[start..(end + 4)];
        string generated = ProjectGraph.Mermaid(root);
        Assert.True(committed == generated, $"docs/architecture.md's diagram is not what the .csproj files say; put this block after the marker:\n{generated}");
    }
}

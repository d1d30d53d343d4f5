using System.Text;
using System.Xml.Linq;

namespace SigmoidTorch.Tests.Docs;

/// <summary>
/// The projects of src/ and examples/ and the projects each references (its <c>ProjectReference</c> items), read from
/// the .csproj files, as the Mermaid diagram docs/architecture.md shows. The analyzer, which Directory.Build.targets
/// adds to every project to check its code, is a node of its own without edges: it is no dependency of the code.
/// </summary>
internal static class ProjectGraph
{
    /// <summary>The line before the diagram in docs/architecture.md; the diagram is the ```mermaid block after it.</summary>
    public const string Marker = "<!-- the projects and their references, generated from the .csproj files by tests/SigmoidTorch.Tests/Docs/ProjectGraph.cs -->";

    /// <summary>The diagram of the repository at <paramref name="root"/>, as a ```mermaid block.</summary>
    public static string Mermaid(string root)
    {
        var text = new StringBuilder("```mermaid\ngraph TD\n");
        var edges = new List<string>();
        foreach (string folder in new[] { "examples", "src" })
        {
            text.Append($"  subgraph {folder}\n");
            foreach (string project in Directory.GetFiles(Path.Combine(root, folder), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileNameWithoutExtension(project);
                text.Append($"    {Id(name)}[\"{name}\"]\n");
                edges.AddRange(XDocument.Load(project).Descendants("ProjectReference")
                    .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                    .Order(StringComparer.Ordinal)
                    .Select(reference => $"  {Id(name)} --> {Id(reference)}\n"));
            }
            text.Append("  end\n");
        }
        return text.AppendJoin("", edges).Append("```").ToString();
    }

    // Mermaid's node ids take no dots.
    private static string Id(string project) => project.Replace('.', '_');
}

using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;

namespace SigmoidTorch.Tests.Analyzers;

/// <summary>
/// Reads TorchSharp's IL for the public members that make a <c>Scalar</c> and leave it to the finalizer: a method whose
/// body calls <c>Scalar</c>'s conversion operator (a number becomes a Scalar nobody disposes), or calls <c>ToScalar</c>
/// and never <c>Dispose</c>, or calls (<c>call</c>, <c>callvirt</c>, <c>newobj</c>, a delegate made with <c>ldftn</c>) such
/// a method of TorchSharp's, or is a virtual method every override of which does (a call through <c>Optimizer.step()</c>
/// reaches one). A method that disposes the Scalars it makes with <c>ToScalar</c> does not count.
/// The answer is the documentation IDs that <c>FinalizedScalarMembers.txt</c> of the analyzer must list.
/// </summary>
internal static class FinalizedScalarScan
{
    public static SortedSet<string> Members(Compilation compilation, MetadataReference torchSharp, string torchSharpPath)
    {
        var calls = CallGraph(torchSharpPath, out var direct);
        var assembly = (IAssemblySymbol)(compilation.GetAssemblyOrModuleSymbol(torchSharp) ?? throw new InvalidOperationException("TorchSharp is not referenced"));
        var methods = new Dictionary<int, IMethodSymbol>();
        foreach (var type in Types(assembly.GlobalNamespace))
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
                methods[method.MetadataToken] = method;
        // A call through a base method lands in one of its overrides: it counts when every override of TorchSharp's does
        // (Optimizer.step: every optimizer's step leaves its Scalars to the finalizer; Module.forward: Linear's does not).
        var overrides = new Dictionary<int, List<int>>();
        foreach (var method in methods.Values)
            if (method.OverriddenMethod is { } overridden && SymbolEqualityComparer.Default.Equals(overridden.ContainingAssembly, assembly))
            {
                int baseToken = overridden.OriginalDefinition.MetadataToken;
                if (!overrides.TryGetValue(baseToken, out var list)) overrides[baseToken] = list = new List<int>();
                list.Add(method.MetadataToken);
            }

        var leaking = new HashSet<int>(direct);
        var why = new Dictionary<int, int>();
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (var (caller, callees) in calls)
                if (!leaking.Contains(caller) && callees.FirstOrDefault(leaking.Contains) is var via && via != 0)
                {
                    grew |= leaking.Add(caller);
                    why[caller] = via;
                }
            foreach (var (baseMethod, list) in overrides)
                if (!leaking.Contains(baseMethod) && list.All(leaking.Contains))
                {
                    grew |= leaking.Add(baseMethod);
                    why[baseMethod] = list[0];
                }
        }
        if (Environment.GetEnvironmentVariable("SCAN_WHY") is { } ask)
            foreach (var (token, m) in methods.Where(kv => kv.Value.GetDocumentationCommentId() == ask))
                for (int t = token; t != 0; t = why.GetValueOrDefault(t))
                    Console.Error.WriteLine($"  via {(methods.TryGetValue(t, out var x) ? x.ToDisplayString() : t.ToString("x"))}{(direct.Contains(t) ? " (makes one)" : "")}");
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (int token in leaking)
            if (methods.TryGetValue(token, out var method) && IsPublic(method) && method.ContainingType.Name != "Scalar" && method.GetDocumentationCommentId() is { } id)
                ids.Add(id);
        return ids;
    }

    private static bool IsPublic(ISymbol symbol)
    {
        for (var s = symbol; s is not null and not INamespaceSymbol; s = s.ContainingSymbol)
            if (s.DeclaredAccessibility != Accessibility.Public) return false;
        return true;
    }

    private static IEnumerable<INamedTypeSymbol> Types(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
                foreach (var t in Types(ns)) yield return t;
            else if (member is INamedTypeSymbol type)
            {
                yield return type;
                foreach (var t in Types(type)) yield return t;
            }
        }
    }

    // Every method body's calls to TorchSharp's own methods, by metadata token; `direct` gets the methods that make a Scalar themselves.
    private static Dictionary<int, HashSet<int>> CallGraph(string path, out HashSet<int> direct)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var calls = new Dictionary<int, HashSet<int>>();
        direct = new HashSet<int>();
        foreach (var handle in md.MethodDefinitions)
        {
            var method = md.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0) continue;
            var callees = new HashSet<int>();
            bool converts = false, makes = false, disposes = false;
            foreach (var target in Targets(md, pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader()))
            {
                var (type, name) = Name(md, target);
                if (type == "TorchSharp.Scalar" && name == "op_Implicit") converts = true;
                else if (name == "ToScalar") makes = true;
                else if (name == "Dispose") disposes = true;
                foreach (var definition in Definitions(md, target))
                    callees.Add(MetadataTokens.GetToken(definition));
            }
            int token = MetadataTokens.GetToken(handle);
            calls[token] = callees;
            if ((converts || (makes && !disposes)) && Name(md, (EntityHandle)handle).Type != "TorchSharp.Scalar")
                direct.Add(token);
        }
        return calls;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    // The methods that call, callvirt, newobj, ldftn and ldvirtftn name.
    private static List<EntityHandle> Targets(MetadataReader md, BlobReader il)
    {
        var targets = new List<EntityHandle>();
        while (il.RemainingBytes > 0)
        {
            short value = il.ReadByte();
            if (value == 0xFE) value = unchecked((short)(0xFE00 | il.ReadByte()));
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineMethod:
                    var handle = MetadataTokens.EntityHandle(il.ReadInt32());
                    if (op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj || op == OpCodes.Ldftn || op == OpCodes.Ldvirtftn)
                        targets.Add(handle.Kind == HandleKind.MethodSpecification ? md.GetMethodSpecification((MethodSpecificationHandle)handle).Method : handle);
                    break;
                case OperandType.InlineSwitch:
                    int targetCount = il.ReadInt32();         // read before Offset: `Offset += 4 * ReadInt32()` would add to the old offset
                    il.Offset += 4 * targetCount;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                default:
                    il.Offset += 4;
                    break;
            }
        }
        return targets;
    }

    // The method definition a call target is: itself, or for a member of a generic TorchSharp type (Module<T, TResult>.call
    // on Module<Tensor, Tensor>) the type's method of that name and signature (both written in the type's parameters).
    private static IEnumerable<MethodDefinitionHandle> Definitions(MetadataReader md, EntityHandle target)
    {
        if (target.Kind == HandleKind.MethodDefinition)
            return new[] { (MethodDefinitionHandle)target };
        if (target.Kind != HandleKind.MemberReference)
            return Array.Empty<MethodDefinitionHandle>();
        var reference = md.GetMemberReference((MemberReferenceHandle)target);
        if (reference.Parent.Kind != HandleKind.TypeSpecification)
            return Array.Empty<MethodDefinitionHandle>();
        var blob = md.GetBlobReader(md.GetTypeSpecification((TypeSpecificationHandle)reference.Parent).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return Array.Empty<MethodDefinitionHandle>();
        blob.ReadSignatureTypeCode();
        var generic = blob.ReadTypeHandle();
        if (generic.Kind != HandleKind.TypeDefinition) return Array.Empty<MethodDefinitionHandle>();
        string name = md.GetString(reference.Name);
        var signature = md.GetBlobContent(reference.Signature);
        return md.GetTypeDefinition((TypeDefinitionHandle)generic).GetMethods().Where(m =>
            md.GetString(md.GetMethodDefinition(m).Name) == name && md.GetBlobContent(md.GetMethodDefinition(m).Signature).SequenceEqual(signature));
    }

    private static (string Type, string Name) Name(MetadataReader md, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                var def = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                var type = md.GetTypeDefinition(def.GetDeclaringType());
                return ($"{md.GetString(type.Namespace)}.{md.GetString(type.Name)}", md.GetString(def.Name));
            case HandleKind.MemberReference:
                return ("", md.GetString(md.GetMemberReference((MemberReferenceHandle)handle).Name));
            case HandleKind.MethodSpecification:
                return Name(md, md.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            default:
                return ("", "");
        }
    }
}

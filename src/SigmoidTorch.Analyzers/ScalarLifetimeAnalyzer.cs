using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SigmoidTorch.Analyzers;

/// <summary>
/// Reports every place that hands libtorch a <c>TorchSharp.Scalar</c> the garbage collector may free while libtorch
/// still reads it. TorchSharp 0.107's <c>Scalar</c> holds a raw native pointer and frees it in its finalizer; a method
/// such as <c>Tensor.sub(Scalar)</c> reads that pointer and then calls into libtorch without keeping the Scalar alive,
/// so a collection on another thread during the call can run the finalizer, and libtorch reads freed memory ("Unknown
/// scalar type", a wrong number, or a crash). Three rules:
/// <list type="bullet">
/// <item><description>ST0001: a user-defined conversion to <c>Scalar</c> (<c>t.mul(0.5)</c>, <c>(Scalar)0.5</c>): it makes a Scalar nobody owns.</description></item>
/// <item><description>ST0002: a TorchSharp member that makes such a Scalar itself (<c>t - 1.0</c>, <c>a + b</c> with its alpha of 1,
/// <c>optim.SGD</c>'s step): the list is <c>FinalizedScalarMembers.txt</c>, read from TorchSharp's IL by a test.</description></item>
/// <item><description>ST0003: a Scalar from <c>ToScalar()</c> that nothing owns: passed straight to a call, or kept in a local without <c>using</c>.</description></item>
/// </list>
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ScalarLifetimeAnalyzer : DiagnosticAnalyzer
{
    private const string Category = "Reliability";
    private const string ScalarType = "TorchSharp.Scalar";

    /// <summary>ST0001: an implicit (or cast) conversion of a number to <c>TorchSharp.Scalar</c>.</summary>
    public static readonly DiagnosticDescriptor Conversion = new(
        "ST0001",
        "A number converted to a TorchSharp Scalar that nothing keeps alive",
        "{0} is converted to a TorchSharp.Scalar that only the garbage collector frees, possibly while libtorch still reads it; " +
        "make it explicit and keep it alive until the call returns: 'using var s = value.ToScalar();' and pass s (or a Scalar a long-lived object owns)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "TorchSharp 0.107 frees a Scalar in its finalizer, which may run on the finalizer thread during the native call that reads it.");

    /// <summary>ST0002: a call of a TorchSharp member that makes a Scalar of its own and leaves it to the finalizer.</summary>
    public static readonly DiagnosticDescriptor FinalizedMember = new(
        "ST0002",
        "A TorchSharp member that makes a Scalar only the garbage collector frees",
        "'{0}' makes a TorchSharp.Scalar of its own that only the garbage collector frees, possibly while libtorch still reads it; " +
        "call an overload that takes a Scalar you keep alive, such as 't.mul(s)' after 'using var s = 2.0.ToScalar();', or 'a.add(b, one)' with 'one' a Scalar a long-lived object owns",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The members are those whose IL (directly or through TorchSharp's own calls) converts a number to a Scalar it never disposes; see FinalizedScalarMembers.txt.");

    /// <summary>ST0003: a Scalar made by <c>ToScalar()</c> that no <c>using</c>, field or return owns.</summary>
    public static readonly DiagnosticDescriptor Unowned = new(
        "ST0003",
        "A Scalar from ToScalar() that nothing keeps alive",
        "this Scalar is not kept alive: nothing disposes it, so the garbage collector may free it while libtorch still reads it; " +
        "declare it with 'using var s = value.ToScalar();' (or keep it in a field of a long-lived object) and pass s",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly ImmutableHashSet<string> Finalizing = ReadMembers();

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Conversion, FinalizedMember, Unowned);

    /// <summary>The documentation IDs of the TorchSharp members that leave a Scalar of their own to the finalizer.</summary>
    public static ImmutableHashSet<string> FinalizingMembers => Finalizing;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var scalar = start.Compilation.GetTypeByMetadataName(ScalarType);
            if (scalar is null) return;                       // a project that does not use TorchSharp
            start.RegisterOperationAction(c => CheckConversion(c, scalar), OperationKind.Conversion);
            start.RegisterOperationAction(c => CheckMember(c, Target(c.Operation)), OperationKind.Invocation, OperationKind.BinaryOperator,
                OperationKind.UnaryOperator, OperationKind.CompoundAssignment, OperationKind.ObjectCreation, OperationKind.PropertyReference,
                OperationKind.MethodReference);
            start.RegisterOperationAction(c => CheckOwner(c, scalar), OperationKind.Invocation);
        });
    }

    private static void CheckConversion(OperationAnalysisContext context, INamedTypeSymbol scalar)
    {
        var conversion = (IConversionOperation)context.Operation;
        if (conversion.OperatorMethod is { } method && SymbolEqualityComparer.Default.Equals(method.ContainingType, scalar)
            && SymbolEqualityComparer.Default.Equals(conversion.Type, scalar))
        {
            string what = conversion.Operand.Type?.ToDisplayString() is { } type ? $"a {type}" : "a value";
            context.ReportDiagnostic(Diagnostic.Create(Conversion, conversion.Syntax.GetLocation(), what));
        }
    }

    private static IMethodSymbol? Target(IOperation operation) => operation switch
    {
        IInvocationOperation i => i.TargetMethod,
        IBinaryOperation b => b.OperatorMethod,
        IUnaryOperation u => u.OperatorMethod,
        ICompoundAssignmentOperation a => a.OperatorMethod,
        IObjectCreationOperation o => o.Constructor,
        IPropertyReferenceOperation p => p.Property.GetMethod,
        IMethodReferenceOperation m => m.Method,
        _ => null,
    };

    private static void CheckMember(OperationAnalysisContext context, IMethodSymbol? method)
    {
        if (method is null) return;
        var definition = method.ReducedFrom ?? method;
        definition = definition.OriginalDefinition;
        if (definition.ContainingAssembly?.Name != "TorchSharp") return;
        if (definition.GetDocumentationCommentId() is { } id && Finalizing.Contains(id))
            context.ReportDiagnostic(Diagnostic.Create(FinalizedMember, context.Operation.Syntax.GetLocation(), Display(definition)));
    }

    // Tensor.op_Subtraction(Tensor, double) reads as "operator -(Tensor, double)".
    private static string Display(IMethodSymbol method) =>
        method.MethodKind is MethodKind.UserDefinedOperator or MethodKind.Conversion
            ? $"{method.ContainingType.Name}.operator {OperatorToken(method.Name)}({string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)))})"
            : method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

    private static string OperatorToken(string name) => name switch
    {
        "op_Addition" => "+",
        "op_Subtraction" => "-",
        "op_Multiply" => "*",
        "op_Division" => "/",
        "op_Modulus" => "%",
        _ => name,
    };

    // A Scalar from ToScalar() must be owned: by a using, by a field or property (a long-lived object), or by the caller it is returned to.
    private static void CheckOwner(OperationAnalysisContext context, INamedTypeSymbol scalar)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "ToScalar" || !SymbolEqualityComparer.Default.Equals(invocation.Type, scalar)) return;
        if (!IsOwned(invocation))
            context.ReportDiagnostic(Diagnostic.Create(Unowned, invocation.Syntax.GetLocation()));
    }

    private static bool IsOwned(IOperation created)
    {
        var parent = created.Parent;
        while (parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
            parent = parent.Parent;
        switch (parent)
        {
            case IReturnOperation:
            case IFieldInitializerOperation:
            case IPropertyInitializerOperation:
            case IArrayInitializerOperation:
            case ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation or IArrayElementReferenceOperation }:
                return true;
            case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Add" } add } when add.Instance is not null:
                return true;                                  // kept in a collection (a long-lived owner disposes it)
            case IArgumentOperation { Parent: IObjectCreationOperation }:
                return true;                                  // handed to a new object that owns it (a record's field)
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Parent: IVariableDeclarationOperation declaration } }:
                return declaration.Parent is IUsingOperation or IUsingDeclarationOperation
                    || declaration.Parent is IVariableDeclarationGroupOperation { Parent: IUsingOperation or IUsingDeclarationOperation };
            default:
                return false;
        }
    }

    private static ImmutableHashSet<string> ReadMembers()
    {
        using var stream = typeof(ScalarLifetimeAnalyzer).Assembly.GetManifestResourceStream("FinalizedScalarMembers.txt")
            ?? throw new InvalidDataException("FinalizedScalarMembers.txt is missing from the analyzer");
        using var reader = new StreamReader(stream);
        var members = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && line[0] != '#') members.Add(line);
        }
        return members.ToImmutableHashSet();
    }
}

using SigmoidTorch.Functions;
using static TorchSharp.torch;

namespace SigmoidTorch.Models;

/// <summary>
/// The units of a <see cref="TwoLayerNetwork"/> through which no gradient flows for any input of a data set: their
/// activation's derivative is 0 at every input (f' = 0 — a ReLU unit at or below 0
/// everywhere, or a sigmoid or tanh unit saturated to its limit in floating point). Gradient descent never changes
/// such a "dead" unit's incoming weights again; when every hidden unit is dead the output sees constants, and when the
/// output unit is dead nothing learns at all.
/// </summary>
/// <param name="Hidden">Indices (from 0) of the dead hidden units.</param>
/// <param name="Output">Indices (from 0) of the dead output units.</param>
/// <param name="HiddenCount">The network's hidden units.</param>
/// <param name="OutputCount">The network's output units.</param>
/// <param name="Activation">The hidden activation's name.</param>
/// <param name="OutputActivation">The output activation's name.</param>
public sealed record DeadUnits(int[] Hidden, int[] Output, int HiddenCount, int OutputCount, string Activation, string OutputActivation)
{
    /// <summary>The dead units of <paramref name="network"/> on the inputs <paramref name="x"/> ([N, inputs]).</summary>
    public static DeadUnits Find(TwoLayerNetwork network, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.CheckInput(x);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (f, g) = (network.Activation, network.OutputActivation);
        Tensor z2, yhat;
        using (NewDisposeScope())
        {
            z2 = network.Logits(x).MoveToOuterDisposeScope();
            yhat = g.Apply(z2).MoveToOuterDisposeScope();
        }
        // The hidden units a block at a time, each block's [N, block] values and derivative freed before the next: a
        // wide layer's whole [N, hidden] values would take gigabytes and most of the time in fresh memory.
        var hidden = new List<int>();
        long block = Math.Max(1, BlockElements / Math.Max(1, x.shape[0]));
        for (long first = 0; first < network.Hidden; first += block)
        {
            using var blockScope = NewDisposeScope();
            long count = Math.Min(block, network.Hidden - first);
            var z1 = nn.functional.linear(x, network.W1.narrow(0, first, count), network.B1?.narrow(0, first, count));
            hidden.AddRange(Dead(f.Derivative(z1, f.Apply(z1))).Select(i => (int)first + i));
        }
        return new DeadUnits(hidden.ToArray(), Dead(g.Derivative(z2, yhat)),
            network.Hidden, network.Spec.Outputs, network.Activation.Name, network.OutputActivation.Name);
    }

    // The most values of the hidden layer computed at once (8 MiB in float64).
    private const long BlockElements = 1L << 20;

    /// <summary>True when no unit is dead.</summary>
    public bool None => Hidden.Length == 0 && Output.Length == 0;

    /// <summary>
    /// One sentence naming the dead units and what that means for training, or an empty string when there are none:
    /// e.g. "all 5 hidden units are dead: relu'(a) is 0 at every input, so no gradient reaches them and the output sees
    /// only constants".
    /// </summary>
    public override string ToString()
    {
        if (Output.Length > 0)
            return $"{Count(Output.Length, OutputCount, "output unit", "")} dead: {OutputActivation}'(a) is 0 at every input, so no gradient flows through the network at all";
        if (Hidden.Length == 0)
            return "";
        bool all = Hidden.Length == HiddenCount;
        string which = all ? "" : $" (h{string.Join(", h", Hidden.Take(Listed).Select(i => i + 1))}{(Hidden.Length > Listed ? $" and {Hidden.Length - Listed} more" : "")})";
        return $"{Count(Hidden.Length, HiddenCount, "hidden unit", which)} dead: {Activation}'(a) is 0 at every input, so no gradient reaches them" +
               (all ? " and the output sees only constants" : "");
    }

    // The dead hidden units named one by one; a wide layer's others are counted.
    private const int Listed = 10;

    // "all 5 hidden units are", "the output unit is", "2 of 5 hidden units (h1, h4) are".
    private static string Count(int dead, int of, string noun, string which) =>
        dead == of ? (of == 1 ? $"the {noun} is" : $"all {of} {noun}s are") : $"{dead} of {of} {noun}s{which} {(dead == 1 ? "is" : "are")}";

    // The columns of a [N, units] derivative that are 0 in every row; the derivative is freed.
    private static int[] Dead(Tensor derivative)
    {
        using (derivative)
        using (var zero = derivative.EqualTo(0))
        {
            using var dead = zero.all(0).nonzero().flatten().to(ScalarType.Int32).cpu();
            return dead.data<int>().ToArray();
        }
    }
}

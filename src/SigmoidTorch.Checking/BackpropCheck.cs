using SigmoidTorch.Gradients;
using SigmoidTorch.Limits;
using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Checking;

/// <summary>
/// Checks anyone's hand-written gradients: of any <c>torch.nn</c> module under a loss (by state_dict name), or of a
/// plain tensor function given its vector–Jacobian product. Each is compared with autograd and with central finite
/// differences computed in float64 (so float32 code is held to float64 references, with float32's tolerance), and
/// the report names the worst element of every tensor with its three values.
/// </summary>
public static class BackpropCheck
{
    /// <summary>Elements a check may take finite differences of: two evaluations of the loss each.</summary>
    public const long MaxElements = GradientCheck.MaxParameters;

    /// <summary>
    /// Checks <paramref name="manual"/>, the user's ∂L/∂θ by state_dict name, for L = <paramref name="loss"/>(module(input), target).
    /// Every parameter that requires a gradient must be given. For the finite differences the module is moved to
    /// float64 and back (TorchSharp's <c>Module.to</c> makes new parameter tensors: read them from the module, not from
    /// references kept from before the check); its weights come back bit for bit, and its gradients are cleared.
    /// </summary>
    public static CheckReport Module(nn.Module<Tensor, Tensor> module, Tensor input, Tensor target, Func<Tensor, Tensor, Tensor> loss,
                                     Func<IReadOnlyDictionary<string, Tensor>> manual, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(manual);
        using var scope = NewDisposeScope();
        var parameters = module.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (Name: p.name, Value: (Tensor)p.parameter)).ToList();
        if (parameters.Count == 0) throw new SigmoidTorchException($"module {module.GetName()} has no parameter that requires a gradient: nothing to check");
        var dtype = SingleDtype(parameters.Select(p => p.Value), $"module {module.GetName()}'s parameters");
        RunLimits.RequireAtMost($"a gradient check of module {module.GetName()}: the elements to take finite differences of", parameters.Sum(p => p.Value.numel()), MaxElements);

        Dictionary<string, Tensor> given;
        using (no_grad())
            given = manual().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

        module.zero_grad(set_to_none: true);
        double lossValue;
        using (enable_grad())
        {
            var L = loss(module.call(input), target);
            lossValue = L.detach().to(ScalarType.Float64).cpu().item<double>();
            L.backward();
        }
        var autograd = parameters.Select(p => p.Value.grad?.detach().clone() ?? zeros_like(p.Value)).ToList();
        module.zero_grad(set_to_none: true);

        var fd = ModuleFiniteDifferences(module, dtype, input, target, loss);
        var tolerance = Tolerance.For(dtype);
        var checks = parameters.Select((p, i) => Compare(p.Name, given.GetValueOrDefault(p.Name), autograd[i], fd[i], lossValue, tolerance)).ToList();
        return new CheckReport(description ?? $"module {module.GetName()}, {dtype.ToString().ToLowerInvariant()}", checks, tolerance,
            parameters.Select(p => p.Name).Where(n => !given.ContainsKey(n)).ToList(),
            given.Keys.Where(n => parameters.All(p => p.Name != n)).ToList());
    }

    /// <summary>
    /// Checks <paramref name="vectorJacobianProduct"/>(x, v) = vᵀ·∂f/∂x, the user's backward of the tensor function
    /// <paramref name="f"/>, for each input, with one random cotangent v (seeded by <paramref name="seed"/>): against
    /// autograd's, and against the finite differences of the scalar ⟨v, f(x)⟩ in float64. <paramref name="f"/> must
    /// compute in the dtype of its inputs (it is called on float64 copies for the finite differences).
    /// </summary>
    public static CheckReport Function(Func<Tensor[], Tensor> f, Tensor[] inputs, Func<Tensor[], Tensor, Tensor[]> vectorJacobianProduct,
                                       IReadOnlyList<string>? names = null, ulong seed = 0, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(vectorJacobianProduct);
        if (inputs.Length == 0) throw new SigmoidTorchException("a function check needs at least one input");
        names ??= Enumerable.Range(1, inputs.Length).Select(i => $"x{i}").ToList();
        if (names.Count != inputs.Length) throw new SigmoidTorchException($"{names.Count} names for {inputs.Length} inputs");
        using var scope = NewDisposeScope();
        var dtype = SingleDtype(inputs, "the inputs");
        RunLimits.RequireAtMost("a gradient check of a function: the elements to take finite differences of", inputs.Sum(x => x.numel()), MaxElements);

        var xs = inputs.Select(x => x.detach().clone().requires_grad_()).ToArray();
        Tensor output;
        using (enable_grad())
            output = f(xs);
        using var generator = new Generator(seed);
        var v = randn(output.shape, dtype: ScalarType.Float64, generator: generator).to(output.dtype, output.device);
        var autograd = autograd_grad(output, xs, v);
        Tensor[] given;
        using (no_grad())
            given = vectorJacobianProduct(inputs.Select(x => x.detach()).ToArray(), v).Select(g => g.detach().clone()).ToArray();
        if (given.Length != inputs.Length)
            throw new SigmoidTorchException($"the vector–Jacobian product returned {given.Length} gradients for {inputs.Length} inputs");

        using var noGrad = no_grad();
        var x64 = inputs.Select(x => x.detach().to(ScalarType.Float64).clone()).ToArray();
        var v64 = v.to(ScalarType.Float64);
        double Scalar() => f(x64).to(ScalarType.Float64).mul(v64).sum().cpu().item<double>();
        double value = Scalar();
        var fd = x64.Select(x => FiniteDifferences(x, Scalar, value)).ToList();
        var tolerance = Tolerance.For(dtype);
        var checks = inputs.Select((_, i) => Compare(names[i], given[i], autograd[i], fd[i], value, tolerance)).ToList();
        return new CheckReport(description ?? $"function of {inputs.Length} input(s), {dtype.ToString().ToLowerInvariant()}", checks, tolerance, [], []);
    }

    // ∂L/∂θ by central differences for every parameter, with the module moved to float64 and back.
    private static List<(Tensor Gradient, bool[] Kinks)> ModuleFiniteDifferences(nn.Module<Tensor, Tensor> module, ScalarType dtype, Tensor input, Tensor target,
                                                                                  Func<Tensor, Tensor, Tensor> loss)
    {
        using var noGrad = no_grad();
        var originals = module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        module.to(ScalarType.Float64);
        try
        {
            var (x, y) = (Float64(input), Float64(target));
            double LossAt() => loss(module.call(x), y).to(ScalarType.Float64).cpu().item<double>();
            double value = LossAt();
            return module.named_parameters().Where(p => p.parameter.requires_grad).Select(p => FiniteDifferences(p.parameter, LossAt, value)).ToList();
        }
        finally
        {
            module.to(dtype);
            foreach (var (name, parameter) in module.named_parameters())
                parameter.copy_(originals[name]);
        }
    }

    // Floating tensors to float64; others (class indices) as they are.
    private static Tensor Float64(Tensor t) => t.is_floating_point() ? t.detach().to(ScalarType.Float64) : t;

    /// <summary>
    /// (s(θᵢ + h) − s(θᵢ − h)) / 2h for every element θᵢ of <paramref name="theta"/> (float64, changed in place and put
    /// back), with whether the one-sided differences (s(θᵢ + h) − s₀)/h and (s₀ − s(θᵢ − h))/h disagree: a kink.
    /// </summary>
    private static (Tensor Gradient, bool[] Kinks) FiniteDifferences(Tensor theta, Func<double> s, double s0)
    {
        double h = GradientCheck.Step;
        var flat = theta.view(-1);
        long n = flat.shape[0];
        var fd = new double[n];
        var kinks = new bool[n];
        for (long i = 0; i < n; i++)
        {
            var (plus, minus) = GradientCheck.Around(flat, i, s, h);
            fd[i] = (plus - minus) / (2 * h);                                     // ∂s/∂θᵢ ≈ (s(θ + h) − s(θ − h)) / 2h
            double right = (plus - s0) / h, left = (s0 - minus) / h;
            kinks[i] = Math.Abs(right - left) > KinkRelative * Math.Max(Math.Abs(right), Math.Abs(left)) + KinkAbsolute * (1 + Math.Abs(s0));
        }
        return (tensor(fd, dtype: ScalarType.Float64).view(theta.shape), kinks);
    }

    /// <summary>
    /// One-sided differences of a smooth function differ by about h·|s''| (1e-5 of the curvature) and by their rounding,
    /// about 2ε·|s|/h (4e-11 of the value); they differ by the jump of the derivative at a kink. A gap beyond 1e-3 of
    /// the larger one plus 1e-8·(1 + |s|) is taken for a kink.
    /// </summary>
    private const double KinkRelative = 1e-3, KinkAbsolute = 1e-8;

    private static TensorCheck Compare(string name, Tensor? manual, Tensor autograd, (Tensor Gradient, bool[] Kinks) fd, double loss, Tolerance tolerance)
    {
        long[] shape = autograd.shape;
        if (manual is null || !manual.shape.SequenceEqual(shape))
            return new TensorCheck(name, shape, manual?.shape, false, double.NaN, 0, 0, double.NaN, double.NaN, false, false, true, null);
        double[] m = Values(manual), a = Values(autograd), f = Values(fd.Gradient);
        double maxAbs = 0, maxRel = 0, fdDiff = 0, worstRatio = -1;
        int worst = -1;
        long outside = 0;
        bool exact = true;
        for (int j = 0; j < m.Length; j++)
        {
            double diff = Math.Abs(m[j] - a[j]);
            exact &= m[j].Equals(a[j]);
            maxAbs = Math.Max(maxAbs, diff);
            maxRel = Math.Max(maxRel, diff == 0 ? 0 : diff / (Math.Abs(m[j]) + Math.Abs(a[j])));   // CS231n: |m − a| / (|m| + |a|)
            fdDiff = Math.Max(fdDiff, Math.Abs(m[j] - f[j]));
            double ratio = double.IsNaN(diff) ? double.PositiveInfinity : diff / (tolerance.Relative * Math.Abs(a[j]) + tolerance.Absolute);
            if (ratio > 1) outside++;
            if (ratio > worstRatio) (worstRatio, worst) = (ratio, j);
        }
        double largestFd = f.Length == 0 ? 0 : f.Max(Math.Abs), largestManual = m.Length == 0 ? 0 : m.Max(Math.Abs);
        double fdRel = fdDiff == 0 ? 0 : fdDiff / Math.Max(Math.Max(largestFd, largestManual), 1e-300);
        bool agrees = worstRatio <= 1;
        var element = worst < 0 ? null
            : new WorstElement(Unravel(worst, shape), m[worst], a[worst], f[worst], agrees && fdRel <= tolerance.FiniteDifference ? null : fd.Kinks[worst]);
        double largest = a.Length == 0 ? 0 : a.Max(Math.Abs);
        return new TensorCheck(name, shape, manual.shape, exact, maxAbs, tolerance.RoundingFloor(largest), outside, maxRel, fdRel, agrees, fdRel <= tolerance.FiniteDifference,
            GradientCheck.FiniteDifferencesResolve(largest, loss, tolerance.FiniteDifference), element) { Values = new GradientValues(m, a, f) };
    }

    private static long[] Unravel(long flat, long[] shape)
    {
        var index = new long[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    private static ScalarType SingleDtype(IEnumerable<Tensor> tensors, string what)
    {
        var dtypes = tensors.Select(t => t.dtype).Distinct().ToList();
        if (dtypes.Count != 1) throw new SigmoidTorchException($"{what} mix dtypes ({string.Join(", ", dtypes)}): check one dtype at a time");
        return dtypes[0] is ScalarType.Float32 or ScalarType.Float64 ? dtypes[0]
            : throw new SigmoidTorchException($"{what} are {dtypes[0]}: gradients are checked in float32 or float64");
    }

    private static Tensor[] autograd_grad(Tensor output, Tensor[] inputs, Tensor cotangent) =>
        autograd.grad([output], inputs, [cotangent], allow_unused: true).Select((g, i) => g is null ? zeros_like(inputs[i]) : g.detach().clone()).ToArray();

    private static double[] Values(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
    }
}

namespace SigmoidTorch.Articles.Seed001SineRegression;

/// <summary>A function for seed 001's network to learn, with the range used to normalise its values.</summary>
/// <param name="Name">Its name on the command line.</param>
/// <param name="Formula">How it reads.</param>
/// <param name="F">y = f(x).</param>
public sealed record TargetFunction(string Name, string Formula, Func<double, double> F)
{
    /// <summary>The functions on offer: sin (the article's), cos, a Gaussian bump, |sin| and a cubic.</summary>
    public static IReadOnlyList<TargetFunction> All { get; } = new TargetFunction[]
    {
        new("sin", "y = sin(x)", Math.Sin),
        new("cos", "y = cos(x)", Math.Cos),
        new("gauss", "y = exp(−(x − 3)²)", x => Math.Exp(-(x - 3) * (x - 3))),
        new("abs-sin", "y = |sin(x)|", x => Math.Abs(Math.Sin(x))),
        new("cubic", "y = (x − 1)(x − 3)(x − 5)", x => (x - 1) * (x - 3) * (x - 5)),
    };

    /// <summary>Finds a function by name.</summary>
    public static TargetFunction Named(string name) =>
        All.FirstOrDefault(f => f.Name == name) ?? throw new SigmoidTorchException($"unknown function '{name}': expected one of {string.Join(", ", All.Select(f => f.Name))}");
}

namespace SigmoidTorch.Articles.Seed002SigmoidVsPerceptron;

/// <summary>One nudge of the weight and what both neurons then output.</summary>
/// <param name="Nudge">Δ, added to the nudged weight.</param>
/// <param name="Z">z = w·x + b with the nudged weight.</param>
/// <param name="Sigmoid">σ(z), the sigmoid neuron's output.</param>
/// <param name="Step">[z &gt; 0], the perceptron's output.</param>
/// <param name="SigmoidChange">σ(z) minus its value at Δ = 0.</param>
/// <param name="StepChange">[z &gt; 0] minus its value at Δ = 0.</param>
public sealed record NudgeRow(double Nudge, double Z, double Sigmoid, double Step, double SigmoidChange, double StepChange);

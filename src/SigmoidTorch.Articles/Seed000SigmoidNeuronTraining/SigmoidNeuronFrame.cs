using SigmoidTorch.Models;

namespace SigmoidTorch.Articles.Seed000SigmoidNeuronTraining;

/// <summary>Where seed 000's training is after one update, for drawing its frame.</summary>
/// <param name="Step">Updates made so far, from 1 (the frame number).</param>
/// <param name="Loss">Mean squared error of the neuron on the whole toy set after this update.</param>
/// <param name="Model">The neuron, already updated.</param>
public readonly record struct SigmoidNeuronFrame(int Step, double Loss, SigmoidNeuron Model);

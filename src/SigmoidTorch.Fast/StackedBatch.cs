using TorchSharp;
using static TorchSharp.torch;

namespace SigmoidTorch.Fast;

/// <summary>A batch made ready for <see cref="StackedNetworks.Step"/>.</summary>
/// <param name="Xa">[1 X], the inputs with a column of ones for the hidden bias (X itself without one).</param>
/// <param name="XaT">Its transpose.</param>
/// <param name="Y">The targets as [1, rows, out], to meet all K networks.</param>
/// <param name="LossWeight">w_b: this batch's share of the epoch loss per squared error.</param>
internal sealed record StackedBatch(Tensor Xa, Tensor XaT, Tensor Y, Scalar LossWeight);

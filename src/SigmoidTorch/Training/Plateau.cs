using System.Globalization;

namespace SigmoidTorch.Training;

/// <summary>Where <see cref="PlateauStop"/> ended a run.</summary>
/// <param name="Epochs">Epochs trained when the run stopped.</param>
/// <param name="EarlierMean">The mean epoch loss of the window before the last.</param>
/// <param name="RecentMean">The mean epoch loss of the last window.</param>
/// <param name="Rule">The rule that stopped it.</param>
public sealed record Plateau(int Epochs, double EarlierMean, double RecentMean, PlateauStop Rule)
{
    /// <summary>
    /// One sentence: "the loss stopped falling (its mean over epochs 801–1000, 0.0448, is not 1% below its mean over
    /// epochs 601–800, 0.0451)".
    /// </summary>
    public override string ToString()
    {
        int w = Rule.Window;
        var c = CultureInfo.InvariantCulture;
        return string.Create(c, $"the loss stopped falling (its mean over epochs {Epochs - w + 1}–{Epochs}, {RecentMean:G4}, is not ") +
               string.Create(c, $"{Rule.MinDecrease * 100:G4}% below its mean over epochs {Epochs - 2 * w + 1}–{Epochs - w}, {EarlierMean:G4})");
    }
}

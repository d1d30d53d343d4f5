using SigmoidTorch.Models;
using SigmoidTorch.Training;

namespace SigmoidTorch.Articles.Seed001SineRegression;

/// <summary>What a seed 001 run produced.</summary>
/// <param name="Model">The trained network.</param>
/// <param name="History">Loss per epoch, computed as the article does (the mean over batches of ΣE²).</param>
/// <param name="Seconds">Wall time of the training loop.</param>
/// <param name="TrainX">The training inputs x.</param>
/// <param name="TrainY">f at the training inputs (not normalised).</param>
/// <param name="TestX">The test inputs: x shifted by half a step.</param>
/// <param name="TestY">f at the test inputs.</param>
/// <param name="TestPrediction">The network's output at the test inputs, de-normalised to f's scale.</param>
/// <param name="TestHidden">The hidden layer's values at the test inputs, [points, hidden].</param>
/// <param name="TestMse">mean((prediction − f)²) at the test inputs.</param>
/// <param name="DeadUnits">The units through which no gradient flows at any training input after training (a large ReLU step can kill them all).</param>
public sealed record SineRegressionResult(TwoLayerNetwork Model, TrainingHistory History, double Seconds, double[] TrainX, double[] TrainY,
                                          double[] TestX, double[] TestY, double[] TestPrediction, double[,] TestHidden, double TestMse,
                                          DeadUnits DeadUnits);

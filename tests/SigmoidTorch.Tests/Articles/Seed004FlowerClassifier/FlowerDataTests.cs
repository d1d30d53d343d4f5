using SigmoidTorch.Articles.Seed004FlowerClassifier;
using Xunit;

namespace SigmoidTorch.Tests.Articles.Seed004FlowerClassifier;

/// <summary>
/// The flower reader takes the iris.csv files people have: columns by the header's names in the forms seaborn, R,
/// Kaggle and others use, scikit-learn's own first line, UCI's headerless five columns; any line end; quoted fields.
/// </summary>
public class FlowerDataTests
{
    // Two flowers of each kind, in each file's own words (values from Fisher's data).
    public static TheoryData<string, string> Files => new()
    {
        { "seaborn", "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n6.3,3.3,6.0,2.5,virginica\n4.9,3.0,1.4,0.2,setosa\n6.4,3.2,4.5,1.5,versicolor\n5.8,2.7,5.1,1.9,virginica\n" },
        { "R write.csv", "\"\",\"Sepal.Length\",\"Sepal.Width\",\"Petal.Length\",\"Petal.Width\",\"Species\"\r\n\"1\",5.1,3.5,1.4,0.2,\"setosa\"\r\n\"51\",7,3.2,4.7,1.4,\"versicolor\"\r\n\"101\",6.3,3.3,6,2.5,\"virginica\"\r\n\"2\",4.9,3,1.4,0.2,\"setosa\"\r\n\"52\",6.4,3.2,4.5,1.5,\"versicolor\"\r\n\"102\",5.8,2.7,5.1,1.9,\"virginica\"\r\n" },
        { "Kaggle", "Id,SepalLengthCm,SepalWidthCm,PetalLengthCm,PetalWidthCm,Species\n1,5.1,3.5,1.4,0.2,Iris-setosa\n51,7.0,3.2,4.7,1.4,Iris-versicolor\n101,6.3,3.3,6.0,2.5,Iris-virginica\n2,4.9,3.0,1.4,0.2,Iris-setosa\n52,6.4,3.2,4.5,1.5,Iris-versicolor\n102,5.8,2.7,5.1,1.9,Iris-virginica\n" },
        { "variety", "\"sepal.length\",\"sepal.width\",\"petal.length\",\"petal.width\",\"variety\"\n5.1,3.5,1.4,.2,\"Setosa\"\n7,3.2,4.7,1.4,\"Versicolor\"\n6.3,3.3,6,2.5,\"Virginica\"\n4.9,3,1.4,.2,\"Setosa\"\n6.4,3.2,4.5,1.5,\"Versicolor\"\n5.8,2.7,5.1,1.9,\"Virginica\"\n" },
        { "UCI iris.data, CR line ends", "5.1,3.5,1.4,0.2,Iris-setosa\r7.0,3.2,4.7,1.4,Iris-versicolor\r6.3,3.3,6.0,2.5,Iris-virginica\r4.9,3.0,1.4,0.2,Iris-setosa\r6.4,3.2,4.5,1.5,Iris-versicolor\r5.8,2.7,5.1,1.9,Iris-virginica\r\r" },
        { "scikit-learn", "150,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n7.0,3.2,4.7,1.4,1\n6.3,3.3,6.0,2.5,2\n4.9,3.0,1.4,0.2,0\n6.4,3.2,4.5,1.5,1\n5.8,2.7,5.1,1.9,2\n" },
        { "columns reordered, units in the header", "species,Petal Width (cm),Petal Length (cm)\nsetosa,0.2,1.4\nversicolor,1.4,4.7\nvirginica,2.5,6.0\nsetosa,0.2,1.4\nversicolor,1.5,4.5\nvirginica,1.9,5.1\n" },
    };

    [Theory, MemberData(nameof(Files))]
    public void CommonIrisFilesRead(string name, string text)
    {
        var flowers = FlowerData.Parse(text, name);
        Assert.Equal(6, flowers.Count);
        Assert.Equal(new[] { 1.4, 4.7, 6.0, 1.4, 4.5, 5.1 }, flowers.Select(f => f.Length));
        Assert.Equal(new[] { 0.2, 1.4, 2.5, 0.2, 1.5, 1.9 }, flowers.Select(f => f.Width));
        Assert.Equal(3, FlowerData.Species(flowers).Count);
        // The default pair is found whatever the file calls it (versicolor, Iris-versicolor, Versicolor).
        var pair = FlowerClassifier.ChooseSpecies(flowers, null);
        Assert.Equal(new[] { flowers[1].Species, flowers[2].Species }, pair);
    }

    [Fact]
    public void QuotedSpeciesLoseTheirQuotes()
    {
        var flowers = FlowerData.Parse("petal_length,petal_width,species\n1.4,0.2,\"setosa\"\n1.3,0.2,setosa\n4.5,1.5,\"versi, color\"\n", "test");
        Assert.Equal(new[] { "setosa", "versi, color" }, FlowerData.Species(flowers));
    }

    [Theory]
    [InlineData("petal_length,petal_width,species\n1.4\0,0.2,setosa\n4.5,1.5,versicolor\n", "line 2: petal length '1.4\\u0000' is not a finite number with a decimal point")]
    [InlineData("petal_length,petal_width,species\n1,4,0.2,setosa\n", "line 2 has 4 column(s), expected 3 (petal_length,petal_width,species)")]
    [InlineData("petal_length,petal_width,species\n1.4,0.2,set\u0001osa\n4.5,1.5,versicolor\n", "line 2: the species 'set\\u0001osa' holds a control character")]
    [InlineData("length,width,kind\n1.4,0.2,setosa\n", "the header (line 1) has no petal length column (it has 'length', 'width', 'kind'; expected e.g. petal_length,petal_width,species)")]
    [InlineData("petal_length,petal_length,petal_width,species\n", "names the petal length column twice")]
    [InlineData("1.4,0.2,setosa,1\n", "line 1 has 4 column(s) and no header")]
    [InlineData("150,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,3\n", "line 2: the class '3' is not one of 0 to 2")]
    [InlineData("petal_length,petal_width,species\n", "holds no flowers, only its header")]
    [InlineData("petal_length,petal_width,species\n1.4,0.2,\"setosa\n", "line 2: a quoted field is not closed")]
    public void BadFilesSayWhereAndWhy(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<SigmoidTorchException>(() => FlowerData.Parse(text, "test")).Message, StringComparison.Ordinal);
}

using ScottPlot;
using Xunit;

namespace SigmoidTorch.Plotting.Tests;

public class PlacementTests
{
    // A 400 × 300 pixel data area (pixel y grows downwards) and a 100 × 50 legend, 10 pixels in from the edges.
    private static readonly PixelRect Area = new(0, 400, 300, 0);
    private static readonly PixelSize Legend = new(100, 50);

    private static Alignment? Free(params (Pixel A, Pixel B)[] segments) => Placement.FreeCorner(Area, Legend, 10, 4, segments, []);

    private static (Pixel, Pixel) Point(float x, float y) => (new Pixel(x, y), new Pixel(x, y));

    [Fact]
    public void AnEmptyChartGetsTheUpperRightCorner() => Assert.Equal(Alignment.UpperRight, Free());

    [Fact]
    public void ARisingLineLeavesTheUpperLeftCorner() =>
        Assert.Equal(Alignment.UpperLeft, Free((new Pixel(0, 300), new Pixel(400, 0))));

    [Fact]
    public void ASegmentThatCrossesACornerWithBothEndsOutsideTakesIt() =>
        // y = 30 runs through both upper legend boxes (y 10..60) from the left edge to the right edge.
        Assert.Equal(Alignment.LowerRight, Free((new Pixel(0, 30), new Pixel(400, 30))));

    [Fact]
    public void MarkersWithinTheClearanceTakeACorner()
    {
        Assert.Equal(Alignment.UpperLeft, Free(Point(392, 8)));   // inside the upper right box grown by 4 pixels
        Assert.Equal(Alignment.UpperRight, Free(Point(280, 8)));  // left of the box and its clearance
    }

    [Fact]
    public void DataInEveryCornerLeavesTheMiddleOfAnEdge()
    {
        (Pixel, Pixel)[] corners = [Point(350, 30), Point(50, 30), Point(350, 270), Point(50, 270)];
        Assert.Equal(Alignment.MiddleRight, Free(corners));
        Assert.Equal(Alignment.UpperCenter, Free([.. corners, Point(350, 150), Point(50, 150)]));
    }

    [Fact]
    public void DataEverywhereSendsTheLegendOutside() =>
        Assert.Null(Free([.. from x in new[] { 50f, 200f, 350f } from y in new[] { 30f, 150f, 270f } select Point(x, y)]));

    [Fact]
    public void TextOnTheDataTakesTheCornersItOverlaps()
    {
        PixelRect label = new(250, 330, 70, 40); // reaches into the upper right box from below-left
        Assert.Equal(Alignment.UpperLeft, Placement.FreeCorner(Area, Legend, 10, 4, [], [label]));
    }

    [Fact]
    public void ALegendLargerThanTheAreaFitsNoCorner() =>
        Assert.Null(Placement.FreeCorner(new PixelRect(0, 90, 40, 0), Legend, 10, 4, [], []));

    [Fact]
    public void BoxesSitInTheirCorners()
    {
        PixelRect upperRight = Placement.Box(Area, Legend, 10, Alignment.UpperRight);
        PixelRect lowerLeft = Placement.Box(Area, Legend, 10, Alignment.LowerLeft);
        Assert.Equal((290f, 390f, 10f, 60f), (upperRight.Left, upperRight.Right, upperRight.Top, upperRight.Bottom));
        Assert.Equal((10f, 110f, 240f, 290f), (lowerLeft.Left, lowerLeft.Right, lowerLeft.Top, lowerLeft.Bottom));
        PixelRect middleRight = Placement.Box(Area, Legend, 10, Alignment.MiddleRight);
        PixelRect upperCenter = Placement.Box(Area, Legend, 10, Alignment.UpperCenter);
        Assert.Equal((290f, 390f, 125f, 175f), (middleRight.Left, middleRight.Right, middleRight.Top, middleRight.Bottom));
        Assert.Equal((150f, 250f, 10f, 60f), (upperCenter.Left, upperCenter.Right, upperCenter.Top, upperCenter.Bottom));
    }

    [Fact]
    public void ALabelGoesWhereItCoversTheFewestPoints()
    {
        var point = new Pixel(200, 150);
        var label = new PixelSize(80, 20);
        Assert.Equal(Placement.Side.Right, Placement.LabelSide(point, label, 14, Area, []));
        (Pixel, Pixel)[] toTheRight = [.. Enumerable.Range(0, 8).Select(i => Point(220 + 10 * i, 150))];
        Assert.Equal(Placement.Side.Left, Placement.LabelSide(point, label, 14, Area, toTheRight));
        (Pixel, Pixel)[] acrossTheRow = [(new Pixel(0, 150), new Pixel(400, 150))];
        Assert.Equal(Placement.Side.Above, Placement.LabelSide(point, label, 14, Area, acrossTheRow));
    }

    [Fact]
    public void ALabelStaysInsideTheDataArea() =>
        Assert.Equal(Placement.Side.Left, Placement.LabelSide(new Pixel(380, 150), new PixelSize(80, 20), 14, Area, []));

    [Theory]
    [InlineData(0, 0, 5, 5, true)]        // starts inside
    [InlineData(-5, 15, 25, 15, true)]    // passes straight through
    [InlineData(-5, -5, 25, 25, true)]    // a diagonal through the corners
    [InlineData(-5, 25, 25, -5, true)]    // the other diagonal
    [InlineData(20, 0, 30, 0, true)]      // touches the right edge
    [InlineData(21, 0, 30, 40, false)]    // wholly to the right
    [InlineData(-5, 25, 5, 35, false)]    // passes below the lower left corner
    [InlineData(3, 3, 3, 3, true)]        // a point inside
    [InlineData(3, 30, 3, 30, false)]     // a point outside
    public void CrossesFindsAnyPointOfASegmentInTheBox(float ax, float ay, float bx, float by, bool crosses) =>
        Assert.Equal(crosses, Placement.Crosses(new Pixel(ax, ay), new Pixel(bx, by), new PixelRect(0, 20, 20, 0)));
}

using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;

namespace SIIVbG.Tests.Domain;

[Trait("Area", "Registry")]
public class RunTests
{
    // Every expected check digit below was worked out by hand (weights 2,3,4,5,6,7 from the rightmost digit;
    // 11 - sum % 11, with 11 → '0' and 10 → 'K'):
    //   12345678: 8·2+7·3+6·4+5·5+4·6+3·7+2·2+1·3 = 138; 138 % 11 = 6;  11-6 = 5
    //   12345670: 0·2+7·3+6·4+5·5+4·6+3·7+2·2+1·3 = 122; 122 % 11 = 1;  11-1 = 10 → K
    //   12345675: 5·2 + 122                        = 132; 132 % 11 = 0;  11-0 = 11 → 0
    //   11111111: 2+3+4+5+6+7+2+3                  = 32;   32 % 11 = 10; 11-10 = 1
    //   22222222: 2·32                             = 64;   64 % 11 = 9;  11-9 = 2
    //   99999999: 9·32                             = 288; 288 % 11 = 2;  11-2 = 9
    //   1000000:  1·2 (seventh digit, weight 2)    = 2;     2 % 11 = 2;  11-2 = 9
    //   6:        6·2                              = 12;   12 % 11 = 1;  11-1 = 10 → K
    //   1:        1·2                              = 2;                  11-2 = 9
    [Theory]
    [InlineData(12345678, '5')]
    [InlineData(12345670, 'K')]
    [InlineData(12345675, '0')]
    [InlineData(11111111, '1')]
    [InlineData(22222222, '2')]
    [InlineData(99999999, '9')]
    [InlineData(1000000, '9')]
    [InlineData(6, 'K')]
    [InlineData(1, '9')]
    public void ComputeCheckDigit_FollowsModulo11(int number, char expected)
    {
        Assert.Equal(expected, Run.ComputeCheckDigit(number));
    }

    [Theory]
    [InlineData("12.345.678-5")]
    [InlineData("12345678-5")]
    [InlineData("123456785")]
    [InlineData(" 12.345.678-5 ")]
    [InlineData("12 345 678 - 5")]
    [InlineData("12.345.678 5")]
    [InlineData("\t12345678-5")]
    public void Parse_AcceptsEveryUsualSpelling_AndKeepsOneCanonicalForm(string text)
    {
        var run = Run.Parse(text);

        Assert.Equal(12345678, run.Number);
        Assert.Equal('5', run.CheckDigit);
        Assert.Equal("12345678-5", run.ToString());
        Assert.Equal(Run.Parse("12.345.678-5"), run);
    }

    [Theory]
    [InlineData("12.345.670-k")]
    [InlineData("12.345.670-K")]
    [InlineData("12345670k")]
    [InlineData("12345670 K")]
    public void Parse_AcceptsLowerOrUpperCaseK_AndStoresUpperCase(string text)
    {
        var run = Run.Parse(text);

        Assert.Equal(12345670, run.Number);
        Assert.Equal('K', run.CheckDigit);
        Assert.Equal("12345670-K", run.ToString());
    }

    [Fact]
    public void Parse_AcceptsCheckDigitZero()
    {
        var run = Run.Parse("12.345.675-0");

        Assert.Equal("12345675-0", run.ToString());
    }

    [Theory]
    [InlineData("12.345.678-4")]
    [InlineData("12345678-K")]
    [InlineData("12345678-0")]
    [InlineData("12.345.670-0")]
    [InlineData("123456784")]
    public void Parse_Throws_WhenCheckDigitDoesNotMatch(string text)
    {
        var ex = Assert.Throws<DomainException>(() => Run.Parse(text));

        Assert.Equal("El dígito verificador del RUN no corresponde.", ex.Message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12.345.678-X")]
    [InlineData("12a45678-5")]
    [InlineData("5")]
    [InlineData("-")]
    [InlineData("1234567890")] // nine-digit body: beyond any RUN
    [InlineData("12,345,678-5")]
    [InlineData("K-K")]
    [InlineData("１２３４５６７８-5")] // full-width digits are not ASCII digits
    public void Parse_Throws_WhenTextIsNotShapedLikeARun(string text)
    {
        var ex = Assert.Throws<DomainException>(() => Run.Parse(text));

        Assert.Equal("El RUN debe tener la forma 12.345.678-5.", ex.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_Throws_WhenTextIsEmpty(string? text)
    {
        var ex = Assert.Throws<DomainException>(() => Run.Parse(text));

        Assert.Equal("Ingrese un RUN.", ex.Message);
    }

    [Fact]
    public void Parse_Throws_WhenNumberIsZero()
    {
        // "0-0" carries the digit módulo 11 would give 0, so only the range check can refuse it.
        var ex = Assert.Throws<DomainException>(() => Run.Parse("0-0"));

        Assert.Equal("El número del RUN está fuera de rango.", ex.Message);
    }

    [Fact]
    public void TryParse_ReturnsFalseWithTheReason_InsteadOfThrowing()
    {
        var ok = Run.TryParse("12.345.678-4", out var run, out var error);

        Assert.False(ok);
        Assert.Equal(default, run);
        Assert.Equal("El dígito verificador del RUN no corresponde.", error);
    }

    [Fact]
    public void TryParse_ReturnsNoError_WhenRunIsValid()
    {
        var ok = Run.TryParse("12.345.678-5", out var run, out var error);

        Assert.True(ok);
        Assert.Null(error);
        Assert.Equal(12345678, run.Number);
    }

    [Theory]
    [InlineData(12345678, '5', "12.345.678-5")]
    [InlineData(12345670, 'K', "12.345.670-K")]
    [InlineData(1000000, '9', "1.000.000-9")]
    [InlineData(99999999, '9', "99.999.999-9")]
    [InlineData(6, 'K', "6-K")]
    public void ToDisplay_GroupsThousandsWithDots(int number, char dv, string expected)
    {
        Assert.Equal(expected, Run.Create(number, dv).ToDisplay());
    }

    [Theory]
    [InlineData(12345678)]
    [InlineData(12345670)]
    [InlineData(12345675)]
    [InlineData(1000000)]
    [InlineData(6)]
    [InlineData(99999999)]
    public void ParsingTheDisplayOrCanonicalForm_GivesBackTheSameRun(int number)
    {
        var run = Run.FromNumber(number);

        Assert.Equal(run, Run.Parse(run.ToDisplay()));
        Assert.Equal(run, Run.Parse(run.ToString()));
    }

    [Fact]
    public void Create_AcceptsLowerCaseK_AndStoresUpperCase()
    {
        var run = Run.Create(12345670, 'k');

        Assert.Equal('K', run.CheckDigit);
        Assert.Equal(Run.Parse("12.345.670-K"), run);
    }

    [Fact]
    public void Create_Throws_WhenCheckDigitDoesNotMatch()
    {
        var ex = Assert.Throws<DomainException>(() => Run.Create(12345678, '4'));

        Assert.Equal("El dígito verificador del RUN no corresponde.", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100_000_000)]
    public void Create_Throws_WhenNumberIsOutOfRange(int number)
    {
        var ex = Assert.Throws<DomainException>(() => Run.Create(number, Run.ComputeCheckDigit(Math.Abs(number))));

        Assert.Equal("El número del RUN está fuera de rango.", ex.Message);
    }

    [Fact]
    public void FromNumber_AddsTheComputedCheckDigit()
    {
        Assert.Equal("12345670-K", Run.FromNumber(12345670).ToString());
    }
}

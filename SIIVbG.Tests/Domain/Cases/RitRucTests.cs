using SIIVbG.Domain.Common;
using SIIVbG.Domain.Legal;

namespace SIIVbG.Tests.Domain.Cases;

[Trait("Area", "Registry")]
public class RitRucTests
{
    [Theory]
    [InlineData("F-1234-2024", "F-1234-2024", "F", 1234, 2024)]
    [InlineData("c-123-2023", "C-123-2023", "C", 123, 2023)]
    [InlineData(" O - 45 - 2022 ", "O-45-2022", "O", 45, 2022)]
    [InlineData("F-0123-2024", "F-123-2024", "F", 123, 2024)]
    [InlineData("1234-2023", "1234-2023", "", 1234, 2023)]
    [InlineData("RIT-7-2010", "RIT-7-2010", "RIT", 7, 2010)]
    public void RitParse_AcceptsLettersNumberYear_AndKeepsOneCanonicalForm(string text, string canonical, string letters, int number, int year)
    {
        var rit = Rit.Parse(text);

        Assert.Equal(canonical, rit.ToString());
        Assert.Equal((letters, number, year), (rit.Letters, rit.Number, rit.Year));
    }

    [Theory]
    [InlineData("F1234-2024")]
    [InlineData("F-1234")]
    [InlineData("F-1234-24")]
    [InlineData("F-12a4-2024")]
    [InlineData("ABCD-1-2024")]
    [InlineData("F-1234-2024-1")]
    [InlineData("Ñ-1-2024")]
    public void RitParse_Throws_WhenNotShapedLikeARit(string text)
    {
        var ex = Assert.Throws<DomainException>(() => Rit.Parse(text));

        Assert.Equal("El RIT debe tener la forma F-1234-2024.", ex.Message);
    }

    [Theory]
    [InlineData("F-1-1979")]
    [InlineData("F-1-2101")]
    public void RitParse_Throws_WhenYearIsImplausible(string text)
    {
        Assert.Equal("El año del RIT no es válido.", Assert.Throws<DomainException>(() => Rit.Parse(text)).Message);
    }

    [Fact]
    public void RitParse_Throws_WhenNumberIsZero()
    {
        Assert.Equal("El número del RIT no es válido.", Assert.Throws<DomainException>(() => Rit.Parse("F-000-2024")).Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void RitParse_Throws_WhenEmpty(string? text)
    {
        Assert.Equal("Ingrese un RIT.", Assert.Throws<DomainException>(() => Rit.Parse(text)).Message);
    }

    // Check digits worked out by hand (weights 2,3,4,5,6,7,2,3,4,5 from the rightmost digit; 11 - sum % 11):
    //   2400123456: 6·2+5·3+4·4+3·5+2·6+1·7+0·2+0·3+4·4+2·5 = 103; 103 % 11 = 4; 11-4 = 7
    //   1234567890: 0·2+9·3+8·4+7·5+6·6+5·7+4·2+3·3+2·4+1·5 = 195; 195 % 11 = 8; 11-8 = 3
    //   0500012345: 5·2+4·3+3·4+2·5+1·6+0·7+0·2+0·3+5·4+0·5 =  70;  70 % 11 = 4; 11-4 = 7
    //   2400123446: 103 - 5·3 + 4·3                          = 100; 100 % 11 = 1; 11-1 = 10 → K
    //   2400123406: 103 - 5·3 + 0·3                          =  88;  88 % 11 = 0; 11-0 = 11 → 0
    [Theory]
    [InlineData("2400123456", '7')]
    [InlineData("1234567890", '3')]
    [InlineData("0500012345", '7')]
    [InlineData("2400123446", 'K')]
    [InlineData("2400123406", '0')]
    public void RucComputeCheckDigit_FollowsModulo11(string body, char expected)
    {
        Assert.Equal(expected, Ruc.ComputeCheckDigit(body));
    }

    [Theory]
    [InlineData("2400123456-7", "2400123456-7")]
    [InlineData("24001234567", "2400123456-7")]
    [InlineData(" 2.400.123.456 - 7 ", "2400123456-7")]
    [InlineData("0500012345-7", "0500012345-7")]
    [InlineData("2400123446-k", "2400123446-K")]
    [InlineData("2400123406-0", "2400123406-0")]
    public void RucParse_AcceptsUsualSpellings_AndKeepsOneCanonicalForm(string text, string canonical)
    {
        var ruc = Ruc.Parse(text);

        Assert.Equal(canonical, ruc.ToString());
        Assert.Equal(canonical[..10], ruc.Body);
    }

    [Theory]
    [InlineData("2400123456-6")]
    [InlineData("2400123456-K")]
    [InlineData("2400123446-0")]
    [InlineData("1234567890-4")]
    public void RucParse_Throws_WhenCheckDigitDoesNotMatch(string text)
    {
        var ex = Assert.Throws<DomainException>(() => Ruc.Parse(text));

        Assert.Equal("El dígito verificador del RUC no corresponde.", ex.Message);
    }

    [Theory]
    [InlineData("240012345-7")]    // nine digits
    [InlineData("24001234567-7")]  // eleven digits
    [InlineData("24001234a6-7")]
    [InlineData("2400123456-X")]
    [InlineData("2400123456-77")]
    [InlineData("24-00123456-7")]
    [InlineData("-")]
    [InlineData("7")]
    public void RucParse_Throws_WhenNotShapedLikeARuc(string text)
    {
        var ex = Assert.Throws<DomainException>(() => Ruc.Parse(text));

        Assert.Equal("El RUC debe tener la forma 2400123456-7.", ex.Message);
    }

    [Fact]
    public void RucParse_Throws_WhenEmpty()
    {
        Assert.Equal("Ingrese un RUC.", Assert.Throws<DomainException>(() => Ruc.Parse("")).Message);
    }

    [Fact]
    public void TryParse_ReportsTheErrorWithoutThrowing()
    {
        Assert.False(Ruc.TryParse("2400123456-6", out _, out var rucError));
        Assert.Equal("El dígito verificador del RUC no corresponde.", rucError);
        Assert.False(Rit.TryParse("x", out _, out var ritError));
        Assert.Equal("El RIT debe tener la forma F-1234-2024.", ritError);
        Assert.True(Rit.TryParse("F-1-2024", out var rit, out var none));
        Assert.Null(none);
        Assert.Equal("F-1-2024", rit.ToString());
    }
}

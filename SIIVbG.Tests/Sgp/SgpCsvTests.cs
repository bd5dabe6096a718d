using System.Security.Cryptography;
using System.Text;
using SIIVbG.Infrastructure.Sgp;

namespace SIIVbG.Tests.Sgp;

/// <summary>SGP's CSV read as a stream: the same records whatever the buffer boundaries, and counted as they are read.</summary>
[Trait("Area", "Sgp")]
public sealed class SgpCsvTests
{
    private static List<(int Line, string? Id, string? Note)> Read(string text) =>
        SgpCsv.Records(new StringReader(text), "x.csv").Select(r => (r.Line, r["id"], r["nota"])).ToList();

    [Fact]
    public void QuotedFields_WithSeparators_DoubledQuotesAndLineBreaks_AreOneField_AndLinesCountFromTheHeader()
    {
        var records = Read("\uFEFFid;nota\r\nA1;\"uno; \"\"dos\"\"\ntres\"\r\n\r\nA2;\"\"\nA3;sin salto");

        Assert.Equal([(2, "A1", "uno; \"dos\"\ntres"), (5, "A2", null), (6, "A3", "sin salto")], records);
    }

    [Theory]
    [InlineData(65_521)]
    [InlineData(65_522)]
    [InlineData(65_523)]
    [InlineData(65_524)]
    public void AQuoteOrAFieldAcrossTheReadersBuffer_ReadsAsTheSameRecord(int before)
    {
        // The reader's buffer holds 65,536 characters: the doubled quote falls just before, across and just after its end.
        var note = new string('x', before) + "\"\"" + new string('y', 70_000);
        var text = $"id;nota\nA1;\"{note}\"\nA2;fin\n";

        var records = Read(text);

        Assert.Equal([(2, "A1", note.Replace("\"\"", "\"")), (3, "A2", "fin")], records);
        Assert.Equal(2, SgpCsv.Count(new StringReader(text), "x.csv"));
    }

    [Theory]
    [InlineData("id;nota\n")]
    [InlineData("id;nota\nA1;x\n\n\nA2;y")]
    [InlineData("id;nota\r\nA1;\"a\nb\"\r\n;\r\n\"\"\r\nA2;\"\"")]
    [InlineData("\uFEFFid\nA1\n\"\"\nA2\n")]
    public void Count_AgreesWithTheRecordsRead(string text) =>
        Assert.Equal(SgpCsv.Records(new StringReader(text), "x.csv").Count(), SgpCsv.Count(new StringReader(text), "x.csv"));

    [Fact]
    public void AFileCutInsideQuotes_IsRejectedAsTruncated_WhenCountedAsWhenRead()
    {
        const string text = "id;nota\nA1;\"sin cerrar\n";

        Assert.Contains("truncado", Assert.Throws<SgpSnapshotRejectedException>(() => SgpCsv.Count(new StringReader(text), "x.csv")).Message);
        Assert.Contains("truncado", Assert.Throws<SgpSnapshotRejectedException>(() => Read(text)).Message);
    }

    [Theory]
    [InlineData("23-11-2026")]
    [InlineData("2026-11-23")]
    [InlineData("29-02-2024")]
    [InlineData("29-02-2026")]   // no such day
    [InlineData("31-04-2026")]
    [InlineData("00-01-2026")]
    [InlineData("2026-13-01")]
    [InlineData("0000-01-01")]
    [InlineData("23/11/2026")]
    [InlineData("2026-1-230")]
    [InlineData("23-11-20a6")]
    [InlineData("23-11-2026 ")]
    [InlineData("١٢-١١-٢٠٢٦")]   // other digits than 0–9
    public void Date_ReadsExactlyWhatTheGeneralParserReads(string text)
    {
        var general = DateOnly.TryParseExact(text, ["dd-MM-yyyy", "yyyy-MM-dd"], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var d) ? ((DateOnly?)d, true) : (null, false);

        Assert.Equal(general, SgpValues.Date(text));
    }

    [Theory]
    [InlineData("MARIA JOSE")]
    [InlineData("maria jose")]
    [InlineData("  mArIa   JOSE ")]
    [InlineData("A")]
    [InlineData("de la FUENTE")]
    [InlineData("MUÑOZ")]
    [InlineData("o'higgins")]
    [InlineData("PÉREZ-COTAPOS")]
    [InlineData("ANA  MARIA")]
    public void Proper_TitleCasesAsTheChileanCultureDoes(string name)
    {
        var culture = System.Globalization.CultureInfo.GetCultureInfo("es-CL");

        Assert.Equal(culture.TextInfo.ToTitleCase(name.Trim().ToLower(culture)), SgpValues.Proper(name));
    }

    [Fact]
    public void NameKey_FoldsAccentsAndCase_WhetherOrNotTheNameIsPlainAscii()
    {
        Assert.Equal("ana jose munoz soto", SgpValues.NameKey("José Ana", "Muñoz SOTO"));
        Assert.Equal("ana jose munoz soto", SgpValues.NameKey("JOSE ANA", "MUNOZ SOTO"));
    }

    [Fact]
    public void AQuoteInsideUnquotedText_IsText_AndACarriageReturnOutsideQuotesIsDropped()
    {
        var rows = Read("id;nota\r\n1;dice \"hola\" ya\r\n2;a\rb\r\n3;\r\n");

        Assert.Equal([(2, "1", "dice \"hola\" ya"), (3, "2", "ab"), (4, "3", null)], rows);
    }

    [Fact]
    public void RowHash_IsTheSameOnEveryThread_AndForEveryRowInTurn()
    {
        var expected = Enumerable.Range(0, 200).Select(i => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"P{i}\u001fcaso")))).ToArray();

        var hashed = new string[200];
        Parallel.For(0, 200, i => hashed[i] = SgpValues.RowHash($"P{i}", "caso").ToString());

        Assert.Equal(expected, hashed);
    }

    [Fact]
    public void RowHash_IsStillTheSha256OfTheNormalisedValuesJoinedByUnitSeparators()
    {
        // Every sgp_records row of an existing database holds this hash: were it to change, every row would read as changed.
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("P1\u001f\u001f2026-11-23\u001f3")));

        Assert.Equal(expected, SgpValues.Hash("P1", null, new DateOnly(2026, 11, 23), 3));
        Assert.Equal(expected, SgpValues.RowHash("P1", null, new DateOnly(2026, 11, 23), 3).ToString());
    }
}

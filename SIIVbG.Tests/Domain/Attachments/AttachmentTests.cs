using SIIVbG.Domain.Attachments;
using SIIVbG.Domain.Common;

namespace SIIVbG.Tests.Domain.Attachments;

[Trait("Area", "Registry")]
public sealed class AttachmentTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Survivor = Guid.NewGuid(), Operator = Guid.NewGuid();

    private static Attachment Receive(byte[] content, string name = "consentimiento.pdf", string? declared = "application/pdf",
        AttachmentSizeLimit? limit = null, string? description = null, AttachmentKind kind = AttachmentKind.ConsentScan) =>
        Attachment.Receive(Survivor, null, null, "CDM-13101-D", kind, name, declared, content, limit ?? AttachmentSizeLimit.Default,
            description, Operator, At);

    [Fact]
    public void Receive_AMinimalRealPdf_KeepsItsSniffedType_SizeAndChecksum()
    {
        var pdf = SampleFiles.Pdf();

        var a = Receive(pdf, description: "  Consentimiento firmado en papel  ");

        Assert.Equal(AttachmentMediaType.Pdf, a.MediaType);
        Assert.Equal("application/pdf", a.ContentType);
        Assert.Equal(pdf.Length, a.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), a.Sha256);
        Assert.Equal("Consentimiento firmado en papel", a.Description);
        Assert.Equal("CDM-13101-D", a.HoldingCentreCode);
        Assert.Equal(At, a.UploadedAt);
        Assert.Equal(Operator, a.UploadedBy);
    }

    [Fact]
    public void Checksum_IsTheKnownSha256OfTheBytes() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Attachment.Checksum("abc"u8));

    [Fact]
    public void Matches_FailsWhenASingleByteChanged()
    {
        var pdf = SampleFiles.Pdf();
        var a = Receive(pdf);
        Assert.True(a.Matches(pdf));
        pdf[^3] ^= 0x01;
        Assert.False(a.Matches(pdf));
    }

    [Theory]
    [InlineData("foto.png", "image/png")]
    [InlineData("foto.PNG", "")]
    [InlineData("foto.png", "application/octet-stream")]
    public void Receive_AnImage_WithAnUninformativeOrMatchingDeclaredType_IsAccepted(string name, string declared) =>
        Assert.Equal(AttachmentMediaType.Png, Receive(SampleFiles.Png(), name, declared).MediaType);

    [Fact]
    public void Receive_AnExecutableRenamedPdf_IsRefusedInSpanish()
    {
        var ex = Assert.Throws<DomainException>(() => Receive(SampleFiles.Exe(), "resolucion.pdf"));
        Assert.Equal("El contenido del archivo no es un PDF válido.", ex.Message);
    }

    [Fact]
    public void Receive_HtmlRenamedPdf_IsRefused_EvenWhenItMentionsThePdfHeader()
    {
        Assert.Equal("El contenido del archivo no es un PDF válido.",
            Assert.Throws<DomainException>(() => Receive(SampleFiles.Html(), "resolucion.pdf")).Message);
        Assert.Equal("El contenido del archivo no es un PDF válido.",
            Assert.Throws<DomainException>(() => Receive(SampleFiles.HtmlThenPdfHeader(), "resolucion.pdf")).Message);
    }

    [Fact]
    public void Receive_APngNamedPdf_IsRefusedAsMislabelled()
    {
        var ex = Assert.Throws<DomainException>(() => Receive(SampleFiles.Png(), "informe.pdf", "application/pdf"));
        Assert.Equal("El contenido del archivo no corresponde a su tipo: revise que no esté renombrado.", ex.Message);
    }

    [Theory]
    [InlineData("pagina.html", "text/html")]
    [InlineData("dibujo.svg", "image/svg+xml")]
    [InlineData("programa.exe", "application/x-msdownload")]
    [InlineData("sin-extension", "")]
    public void Receive_AnyOtherType_IsRefused(string name, string declared)
    {
        var ex = Assert.Throws<DomainException>(() => Receive(SampleFiles.Pdf(), name, declared));
        Assert.Equal("Solo se aceptan archivos PDF o imágenes (PNG, JPEG, GIF o WebP).", ex.Message);
    }

    [Fact]
    public void Receive_WithADeclaredTypeContradictingTheExtension_IsRefused()
    {
        var ex = Assert.Throws<DomainException>(() => Receive(SampleFiles.Pdf(), "informe.pdf", "image/png"));
        Assert.Equal("El tipo declarado del archivo no corresponde a su extensión.", ex.Message);
    }

    [Fact]
    public void Receive_OverTheSizeLimit_IsRefused_AtTheLimitIsAccepted()
    {
        var pdf = SampleFiles.Pdf();
        Assert.Equal(pdf.Length, Receive(pdf, limit: new AttachmentSizeLimit(pdf.Length)).SizeBytes);

        var ex = Assert.Throws<DomainException>(() => Receive(pdf, limit: new AttachmentSizeLimit(pdf.Length - 1)));
        Assert.StartsWith("El archivo supera el tamaño máximo permitido", ex.Message);
    }

    [Fact]
    public void SizeLimit_IsToldInMegabytes_WithTheChileanDecimalComma()
    {
        Assert.Equal("10 MB", AttachmentSizeLimit.Default.Display);
        Assert.Equal("2,5 MB", new AttachmentSizeLimit(5 * 512 * 1024).Display);
    }

    [Fact]
    public void Receive_AnEmptyFile_IsRefused() =>
        Assert.Equal("El archivo está vacío.", Assert.Throws<DomainException>(() => Receive([])).Message);

    [Theory]
    [InlineData(@"C:\Users\caso\Escritorio\consentimiento.pdf", "consentimiento.pdf")]
    [InlineData("../../etc/acta.pdf", "acta.pdf")]
    [InlineData("  acta\u0000\u001f final.pdf ", "acta final.pdf")]
    public void FileName_KeepsOnlyTheLastSegment_WithoutControlCharacters(string raw, string kept) =>
        Assert.Equal(kept, Receive(SampleFiles.Pdf(), raw).FileName);

    [Theory]
    [InlineData("")]
    [InlineData("C:\\carpeta\\")]
    public void FileName_Empty_IsRefused(string raw) =>
        Assert.Equal("El archivo debe tener un nombre.", Assert.Throws<DomainException>(() => Receive(SampleFiles.Pdf(), raw)).Message);

    [Fact]
    public void Description_LongerThanAllowed_IsRefused() =>
        Assert.Throws<DomainException>(() => Receive(SampleFiles.Pdf(), description: new string('x', Attachment.MaxDescriptionLength + 1)));

    [Fact]
    public void Kind_Unknown_IsRefused() =>
        Assert.Equal("Indique el tipo de anexo.", Assert.Throws<DomainException>(() => Receive(SampleFiles.Pdf(), kind: (AttachmentKind)99)).Message);
}

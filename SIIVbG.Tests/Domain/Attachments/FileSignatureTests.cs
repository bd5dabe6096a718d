using SIIVbG.Domain.Attachments;

namespace SIIVbG.Tests.Domain.Attachments;

[Trait("Area", "Registry")]
public sealed class FileSignatureTests
{
    public static TheoryData<byte[], AttachmentMediaType> Recognised => new()
    {
        { SampleFiles.Pdf(), AttachmentMediaType.Pdf },
        { SampleFiles.Png(), AttachmentMediaType.Png },
        { SampleFiles.Jpeg(), AttachmentMediaType.Jpeg },
        { SampleFiles.Gif(), AttachmentMediaType.Gif },
        { SampleFiles.WebP(), AttachmentMediaType.WebP },
    };

    [Theory]
    [MemberData(nameof(Recognised))]
    public void Sniff_RecognisesEachAcceptedType_ByItsFirstBytes(byte[] content, AttachmentMediaType expected) =>
        Assert.Equal(expected, FileSignature.Sniff(content));

    public static TheoryData<byte[]> Unrecognised => new()
    {
        SampleFiles.Exe(),
        SampleFiles.Html(),
        SampleFiles.HtmlThenPdfHeader(),
        System.Text.Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
        new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 }, // ZIP / DOCX
        "RIFF\0\0\0\0WAVEfmt "u8.ToArray(),
        "%PD"u8.ToArray(),
        Array.Empty<byte>(),
    };

    [Theory]
    [MemberData(nameof(Unrecognised))]
    public void Sniff_RecognisesNothingElse(byte[] content) => Assert.Null(FileSignature.Sniff(content));

    [Theory]
    [InlineData("application/pdf", AttachmentMediaType.Pdf)]
    [InlineData("IMAGE/JPEG", AttachmentMediaType.Jpeg)]
    [InlineData("image/jpg", AttachmentMediaType.Jpeg)]
    [InlineData("image/png; charset=binary", AttachmentMediaType.Png)]
    public void FromMimeType_ReadsWhatBrowsersSend(string mime, AttachmentMediaType expected) =>
        Assert.Equal(expected, FileSignature.FromMimeType(mime));

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/svg+xml")]
    [InlineData("application/x-msdownload")]
    public void FromMimeType_NamesNoOtherType(string mime) => Assert.Null(FileSignature.FromMimeType(mime));
}

using SIIVbG.Domain.Common;
using SIIVbG.Domain.Notices;

namespace SIIVbG.Tests.Domain;

[Trait("Area", "Live")]
public class SystemNoticeTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 9, 0, 0, TimeSpan.FromHours(-3));
    private static readonly Guid Admin = Guid.Parse("6f1c2a4e-0000-4000-8000-000000000002");

    [Fact]
    public void Post_KeepsTrimmedTextAndAuthor_AndStartsActive()
    {
        var notice = SystemNotice.Post("  Mantención programada el sábado 22:00.  ", NoticeSeverity.Warning, Admin, T0);

        Assert.NotEqual(Guid.Empty, notice.Id);
        Assert.Equal("Mantención programada el sábado 22:00.", notice.Text);
        Assert.Equal(NoticeSeverity.Warning, notice.Severity);
        Assert.Equal(Admin, notice.PostedBy);
        Assert.Equal(T0, notice.PostedAt);
        Assert.True(notice.IsActive);
        Assert.Null(notice.WithdrawnAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n ")]
    public void Post_Throws_WhenTextIsEmpty(string? text)
    {
        var ex = Assert.Throws<DomainException>(() => SystemNotice.Post(text!, NoticeSeverity.Info, Admin, T0));

        Assert.Equal("El aviso no puede estar vacío.", ex.Message);
    }

    [Fact]
    public void Post_Throws_WhenTextIsLongerThanTheLimit()
    {
        var text = new string('a', SystemNotice.MaxLength + 1);

        var ex = Assert.Throws<DomainException>(() => SystemNotice.Post(text, NoticeSeverity.Info, Admin, T0));

        Assert.Equal("El aviso no puede superar 500 caracteres.", ex.Message);
    }

    [Fact]
    public void Post_AcceptsTextOfExactlyTheLimit()
    {
        Assert.Equal(500, SystemNotice.MaxLength);
        var text = new string('a', 500);

        var notice = SystemNotice.Post(text, NoticeSeverity.Info, Admin, T0);

        Assert.Equal(text, notice.Text);
    }

    [Fact]
    public void Post_MeasuresTheLimitAfterTrimming()
    {
        var text = "  " + new string('a', 500) + "  ";

        var notice = SystemNotice.Post(text, NoticeSeverity.Info, Admin, T0);

        Assert.Equal(500, notice.Text.Length);
    }

    [Fact]
    public void Withdraw_RecordsTheDate_AndDeactivatesTheNotice()
    {
        var notice = SystemNotice.Post("Incidente resuelto.", NoticeSeverity.Info, Admin, T0);

        notice.Withdraw(T0.AddHours(2));

        Assert.False(notice.IsActive);
        Assert.Equal(T0.AddHours(2), notice.WithdrawnAt);
    }

    [Fact]
    public void Withdraw_KeepsTheFirstDate_WhenWithdrawnAgain()
    {
        var notice = SystemNotice.Post("Incidente resuelto.", NoticeSeverity.Info, Admin, T0);
        notice.Withdraw(T0.AddHours(2));

        notice.Withdraw(T0.AddHours(5));

        Assert.False(notice.IsActive);
        Assert.Equal(T0.AddHours(2), notice.WithdrawnAt);
    }
}

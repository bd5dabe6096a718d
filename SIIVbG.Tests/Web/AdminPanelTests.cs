using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SIIVbG.Domain.Access;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Administration;

namespace SIIVbG.Tests.Web;

/// <summary>
/// The administration panel opens to N2 (system administration) and to N4/N5 (requests for operator changes only):
/// notices, the jobs dashboard and the audit trail are N2's alone (DESIGN §4).
/// </summary>
[Trait("Area", "Access")]
public sealed class AdminPanelTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AdminPanel_AsN2_ShowsNoticesJobsAndTheAuditTrail_WhoseReadingIsItselfAudited()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N2)).WithAgreement());
        ctx.RenderAsInteractiveServer();

        var cut = ctx.Render<AdminPanel>();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Avisos del sistema", Headings(cut));
            Assert.Single(cut.FindAll("[data-testid=publicar-aviso]"));
            Assert.Single(cut.FindAll("[data-testid=abrir-trabajos]"));
            var audit = cut.Find("[data-testid=auditoria]");
            Assert.Contains(audit.QuerySelectorAll("tbody td"), td => td.TextContent.Trim() == AuditActions.AuditViewed);
        }, Timeout);
        Assert.Contains("Administración del sistema", cut.Markup);
        Assert.DoesNotContain("solicita altas, cambios y bajas", cut.Markup);
    }

    [Fact]
    public async Task AdminPanel_AfterAFailedAuditVerification_RaisesTheAlertToN2()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using (var services = db.CreateServices())
        await using (var dbx = await services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<SIIVbG.Infrastructure.Persistence.SiivbgDbContext>>().CreateDbContextAsync())
        {
            dbx.AuditVerifications.Add(new AuditVerificationRow
            {
                Id = Guid.NewGuid(), VerifiedAt = DateTimeOffset.UtcNow, Rows = 10, Intact = false, FirstBroken = 7,
                Summary = "la fila #7 del registro de auditoría fue alterada o eliminada (10 filas leídas)",
            });
            await dbx.SaveChangesAsync();
        }
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N2)).WithAgreement());
        ctx.RenderAsInteractiveServer();

        var cut = ctx.Render<AdminPanel>();

        cut.WaitForAssertion(() => Assert.Contains("la fila #7", cut.Find("[data-testid=auditoria-alerta]").TextContent), Timeout);
    }

    [Fact]
    public async Task PostingAnEmptyNotice_ShowsTheSpanishValidationMessage_AndSavesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N2)).WithAgreement());
        ctx.RenderAsInteractiveServer();
        var cut = ctx.Render<AdminPanel>();
        cut.WaitForElement("[data-testid=publicar-aviso]", Timeout);
        Assert.DoesNotContain("El aviso no puede estar vacío.", cut.Markup);

        cut.Find("#aviso-texto").Change("   ");
        await cut.Find("[data-testid=publicar-aviso]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("El aviso no puede estar vacío.", cut.Markup), Timeout);
        Assert.Equal(0L, await CountAsync(db, "SELECT count(*) FROM system_notices"));
        Assert.Equal(0L, await CountAsync(db, $"SELECT count(*) FROM audit_entries WHERE action = '{AuditActions.NoticePosted}'"));
    }

    [Theory]
    [InlineData(AccessLevel.N4)]
    [InlineData(AccessLevel.N5)]
    public async Task AdminPanel_ForALevelThatOnlyRequestsOperatorChanges_ShowsThatAndNoAdministration(AccessLevel level)
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, level)).WithAgreement());
        ctx.RenderAsInteractiveServer();

        var cut = ctx.Render<AdminPanel>();

        cut.WaitForAssertion(() => Assert.Contains(
            "Desde aquí su nivel solicita altas, cambios y bajas de operadores/as de su ámbito", cut.Markup), Timeout);
        Assert.DoesNotContain("Avisos del sistema", Headings(cut));
        Assert.Empty(cut.FindAll("[data-testid=publicar-aviso]"));
        Assert.Empty(cut.FindAll("[data-testid=abrir-trabajos]"));
        Assert.Empty(cut.FindAll("[data-testid=auditoria]"));
        Assert.Equal(0L, await CountAsync(db, $"SELECT count(*) FROM audit_entries WHERE action = '{AuditActions.AuditViewed}'"));
    }

    private static string[] Headings(IRenderedComponent<AdminPanel> cut) =>
        cut.FindAll("h2").Select(h => h.TextContent.Trim()).ToArray();

    private static async Task<long> CountAsync(TestDatabase db, string sql)
    {
        await using var conn = await db.OpenOwnerConnectionAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}

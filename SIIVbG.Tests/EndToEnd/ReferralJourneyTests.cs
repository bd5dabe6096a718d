using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Infrastructure;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Referrals")]
[Collection(PortalCollection.Name)]
public sealed class ReferralJourneyTests(PortalFixture portal)
{
    private static readonly DemoOperator Caseworker = DemoData.Operators.Single(o => o.Run.Number == 10_666_777);
    private static readonly DemoOperator ValparaisoHead = DemoData.Operators.Single(o => o.Run.Number == 11_222_333);

    [Fact]
    public async Task CaseworkerRefersToAnotherCentre_ItsHeadSeesItLiveOnAnotherNode_Accepts_CounterRefers_AndTheSenderSeesTheAnswer()
    {
        var run = Run.FromNumber(Random.Shared.Next(48_000_000, 48_999_999));
        Guid woman;
        await using (var services = portal.Database.CreateServices())
        {
            var op = await services.SignedInAsync(Caseworker.Run);
            woman = (await services.GetRequiredService<SurvivorRegistry>().RegisterAsync(op,
                new RegisterSurvivor(run.ToString(), null, "Valentina", "Demo Derivación", new DateOnly(1992, 8, 14)))).SurvivorId;
            await services.GetRequiredService<ConsentService>().RecordAsync(op, woman, new RecordConsent(true, ConsentGiver.Survivor, null, null,
                ConsentForm.SimpleElectronicSignature, ConsentDeclarations.All, null, null, ConsentScope.ShareWithSernamEgCentres, null));
        }

        // The Valparaíso head keeps the queue open on node B.
        var head = await portal.NewPageAsync();
        await head.SignInAsync(portal.NodeB.BaseUrl, ValparaisoHead.Run);
        // From the interactive cases panel to the static Derivaciones page with its live queue (ADR 026): a link, a full load.
        await head.GotoAsync(portal.NodeB.BaseUrl + "/panel/casos");
        await head.WaitInteractiveAsync();
        await head.GetByTestId("ir-derivaciones").First.ClickAsync();
        await head.WaitForURLAsync(url => url.EndsWith("/panel/casos/derivaciones"));
        await head.Locator(".siivbg-live[data-interactive='true']").WaitForAsync();
        await Assertions.Expect(head.GetByTestId("derivaciones-filtros")).ToBeVisibleAsync();

        // The Santiago caseworker refers her from her file on node A.
        var caseworker = await portal.NewPageAsync();
        await caseworker.SignInAsync(portal.NodeA.BaseUrl, Caseworker.Run);
        await caseworker.GotoAsync(portal.NodeA.BaseUrl + $"/panel/casos/sobreviviente/{woman}");
        await caseworker.WaitInteractiveAsync();
        await caseworker.GetByRole(AriaRole.Tab, new() { Name = "Derivaciones" }).ClickAsync();
        await caseworker.GetByTestId("derivar").ClickAsync();
        await caseworker.GetByTestId("derivar-centro").ClickAsync();
        await caseworker.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Centro de la Mujer Valparaíso (demo)" }).ClickAsync();
        // Wait for the form the server re-rendered with the chosen centre. Text typed before that render arrives can be
        // lost (about one run in four on a fast machine). A person never types that fast.
        await Assertions.Expect(caseworker.GetByRole(AriaRole.Combobox, new() { Name = "Centro de destino" }))
            .ToContainTextAsync("Centro de la Mujer Valparaíso (demo)");
        await Assertions.Expect(caseworker.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await caseworker.Locator("#derivar-motivo").FillAsync("Se traslada a vivir con su madre en Valparaíso");
        await caseworker.Locator("[data-field=Identification] input").CheckAsync();
        await caseworker.GetByTestId("derivar-enviar").ClickAsync();
        await Assertions.Expect(caseworker.GetByTestId("derivar-enviada")).ToBeVisibleAsync();
        // Her expediente counts it among the pending referrals.
        await caseworker.ReloadAsync();
        await caseworker.WaitInteractiveAsync();
        await Assertions.Expect(caseworker.GetByTestId("derivaciones-pendientes")).ToHaveTextAsync("1");
        await caseworker.GetByRole(AriaRole.Tab, new() { Name = "Derivaciones" }).ClickAsync();

        // It appears on B's already open tab, marked new, without a reload.
        var row = head.GetByTestId("derivacion").Filter(new() { HasText = "Centro de la Mujer Santiago Centro (demo)" });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-nueva", "si", new() { Timeout = 10_000 });
        await Assertions.Expect(head.Locator("[data-testid=pendiente-recibir] [data-testid=cuenta]")).ToHaveTextAsync("1");

        await row.GetByTestId("derivacion-abrir").ClickAsync();
        await head.WaitInteractiveAsync();
        await Assertions.Expect(head.GetByTestId("derivacion-motivo")).ToHaveTextAsync("Se traslada a vivir con su madre en Valparaíso");
        await Assertions.Expect(head.GetByTestId("paquete-tras-aceptar")).ToBeVisibleAsync();
        await head.GetByTestId("accion-aceptar").ClickAsync();
        await Assertions.Expect(head.GetByTestId("paquete")).ToContainTextAsync("Valentina");
        await head.GetByTestId("accion-atendida").ClickAsync();
        await head.Locator("#contra-resultado").FillAsync("Ingresó al Centro de la Mujer de Valparaíso");
        await head.Locator("#contra-prestaciones").FillAsync("Primera acogida y orientación jurídica");
        await head.Locator("#contra-recomendacion").FillAsync("Mantener contacto con su dupla anterior");
        await head.GetByTestId("accion-contraderivar").ClickAsync();
        await Assertions.Expect(head.GetByTestId("derivacion-estado")).ToHaveAttributeAsync("data-estado", "Closed");

        // A's open file shows the counter-referral in her trajectory, live.
        var mine = caseworker.GetByTestId("derivacion-de-ella");
        await Assertions.Expect(mine).ToHaveAttributeAsync("data-estado", "Closed", new() { Timeout = 10_000 });
        await Assertions.Expect(mine.GetByTestId("contraderivacion-resumen")).ToContainTextAsync("Ingresó al Centro de la Mujer de Valparaíso");
        await Assertions.Expect(mine.GetByTestId("contraderivacion-resumen")).ToContainTextAsync("Irene Demo Jefa Costa");
    }
}

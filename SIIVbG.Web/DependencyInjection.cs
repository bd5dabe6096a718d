using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor.Services;
using SIIVbG.Infrastructure;
using SIIVbG.Web.Auth;
using SIIVbG.Web.Components;
using SIIVbG.Web.Features.Survivors;
using SIIVbG.Web.Jobs;
using SIIVbG.Web.Security;

namespace SIIVbG.Web;

public static class DependencyInjection
{
    public static WebApplicationBuilder AddWebServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddInfrastructureServices(builder.Configuration);
        services.AddInfrastructureHostServices(builder.Configuration);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddLocalization(o => o.ResourcesPath = "Resources");

        services.AddClaveUnicaAuthentication(builder.Configuration, builder.Environment);
        services.AddLoginThrottling(builder.Configuration);
        services.AddAuthorization(Policies.Add);
        services.AddSingleton<IAuthorizationHandler, AccessRequirementHandler>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, OperatorRevalidation>();
        services.AddSingleton<SIIVbG.Web.Security.OperatorCircuits>();
        services.AddScoped<SIIVbG.Web.Security.CircuitAdmission>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, SIIVbG.Web.Security.CircuitLimitHandler>();
        return builder;
    }

    public static WebApplication UseWebPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseSecurityHeaders();
        app.UseRequestLocalization(o => o.SetDefaultCulture("es-CL").AddSupportedCultures("es-CL").AddSupportedUICultures("es-CL"));
        app.UseStatusCodePagesWithReExecute("/no-encontrado", createScopeForStatusCodePages: true);

        // Before authentication: the ClaveÚnica callback is handled by the authentication middleware itself.
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseJobsDashboard();

        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapAttachmentEndpoints();
        SIIVbG.Web.Features.Administration.AuditExportEndpoint.MapAuditExport(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

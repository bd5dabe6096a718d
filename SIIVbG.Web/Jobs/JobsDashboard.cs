using Hangfire;
using Hangfire.Dashboard;
using SIIVbG.Domain.Audit;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Web.Auth;

namespace SIIVbG.Web.Jobs;

/// <summary>Hangfire's dashboard under the administration panel: N2 only (403 for any other operator), denials and actions audited.</summary>
public static class JobsDashboard
{
    public const string Path = "/panel/administracion/trabajos";

    public static IApplicationBuilder UseJobsDashboard(this IApplicationBuilder app) =>
        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            AsyncAuthorization = [new OnlyAdministrators()],
            AppPath = "/panel/administracion",
            DashboardTitle = "SIIVbG — Trabajos programados",
            DisplayStorageConnectionString = false,
        });

    private sealed class OnlyAdministrators : IDashboardAsyncAuthorizationFilter
    {
        private static readonly AccessRequirement Requirement = new(Capability: Domain.Access.Capability.ViewJobsDashboard);

        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var allowed = Requirement.IsMetBy(http.User);
            var mutating = !HttpMethods.IsGet(http.Request.Method);
            if (!allowed || mutating)
            {
                var op = http.User.ToOperator();
                await http.RequestServices.GetRequiredService<AuditTrail>().AppendAsync(new AuditRecord(
                    allowed ? AuditActions.JobsDashboardAction : AuditActions.AccessDenied,
                    allowed ? AuditOutcome.Allowed : AuditOutcome.Denied,
                    op?.Id, op?.Run, Resource: Path + context.Request.Path), http.RequestAborted);
            }
            return allowed;
        }
    }
}

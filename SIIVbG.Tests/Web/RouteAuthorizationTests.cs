using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Access")]
public sealed class RouteAuthorizationTests
{
    private static readonly IEnumerable<Type> Pages = typeof(Program).Assembly.GetTypes()
        .Where(t => t.GetCustomAttributes<RouteAttribute>().Any());

    [Fact]
    public void EveryPage_DeclaresAnAuthorizationRule()
    {
        var withoutRule = Pages
            .Where(t => t.GetCustomAttribute<AuthorizeAttribute>() is null && t.GetCustomAttribute<AllowAnonymousAttribute>() is null)
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(withoutRule);
    }

    [Fact]
    public void OnlyTheLandingAndNoticePages_AreOpenToAnonymousVisitors()
    {
        var anonymous = Pages
            .Where(t => t.GetCustomAttribute<AllowAnonymousAttribute>() is not null)
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => r.Template))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(["/", "/Error", "/acceso-no-autorizado", "/cuenta/sesion-cerrada", "/no-encontrado"], anonymous);
    }

    [Fact]
    public void EveryProtectedPage_NamesAPolicy()
    {
        var bare = Pages
            .Select(t => (Type: t, Rule: t.GetCustomAttribute<AuthorizeAttribute>()))
            .Where(p => p.Rule is not null && string.IsNullOrEmpty(p.Rule.Policy))
            .Select(p => p.Type.FullName)
            .ToList();
        Assert.Empty(bare);
    }
}

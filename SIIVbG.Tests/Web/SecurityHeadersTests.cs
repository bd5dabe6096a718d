using SIIVbG.Web.Security;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Auth")]
public sealed class SecurityHeadersTests
{
    [Fact]
    public void PagePolicy_LetsFormsLeadOnlyToThePortalAndClaveUnicasOrigin()
    {
        var csp = SecurityHeaders.PagePolicy("https://accounts.claveunica.gob.cl/openid");

        Assert.EndsWith("; form-action 'self' https://accounts.claveunica.gob.cl", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    [Fact]
    public void PagePolicy_WithoutClaveUnica_KeepsFormsOnThePortal()
    {
        Assert.EndsWith("; form-action 'self'", SecurityHeaders.PagePolicy(null));
        Assert.EndsWith("; form-action 'self'", SecurityHeaders.PagePolicy("no es una URL"));
    }
}

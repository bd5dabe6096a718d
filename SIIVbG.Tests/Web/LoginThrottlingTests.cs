using System.Net;
using Microsoft.AspNetCore.Http;
using SIIVbG.Web.Security;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Auth")]
public sealed class LoginThrottlingTests
{
    private static DefaultHttpContext Request(string path, string address)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = path;
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return http;
    }

    [Fact]
    public void LoginAndCallback_ShareOneWindowPerAddress_AndTheAttemptAfterTheLimitIsRefused()
    {
        using var limiter = LoginThrottling.CreateLimiter(attemptsPerMinute: 3);

        var granted = new[]
        {
            limiter.AttemptAcquire(Request("/cuenta/ingresar", "10.0.0.1")).IsAcquired,
            limiter.AttemptAcquire(Request("/signin-claveunica", "10.0.0.1")).IsAcquired,
            limiter.AttemptAcquire(Request("/cuenta/ingresar", "10.0.0.1")).IsAcquired,
            limiter.AttemptAcquire(Request("/signin-claveunica", "10.0.0.1")).IsAcquired,
        };

        Assert.Equal([true, true, true, false], granted);
        Assert.True(limiter.AttemptAcquire(Request("/cuenta/ingresar", "10.0.0.2")).IsAcquired);
    }

    [Fact]
    public void OtherPaths_AreNeverLimited()
    {
        using var limiter = LoginThrottling.CreateLimiter(attemptsPerMinute: 1);

        Assert.All(Enumerable.Range(0, 50), _ =>
            Assert.True(limiter.AttemptAcquire(Request("/panel/casos", "10.0.0.1")).IsAcquired));
    }
}

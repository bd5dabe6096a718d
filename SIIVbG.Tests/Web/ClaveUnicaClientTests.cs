using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using SIIVbG.Web.Auth;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Auth")]
public sealed class ClaveUnicaClientTests
{
    [Theory]
    [InlineData("""{"sub":"2594","RolUnico":{"numero":12345678,"DV":"5","tipo":"RUN"},"name":{"nombres":["Ana"],"apellidos":["Demo"]}}""", "12345678-5")]
    [InlineData("""{"sub":"1","RolUnico":{"numero":12345670,"DV":"K","tipo":"RUN"}}""", "12345670-K")]
    [InlineData("""{"sub":"1","RolUnico":{"numero":12345670,"DV":"k"}}""", "12345670-K")]
    public void UserInfo_MapsRolUnicoToTheRun(string json, string expected)
    {
        Assert.Equal(expected, ClaveUnicaAuthentication.ParseRolUnico(JsonDocument.Parse(json))?.ToString());
    }

    [Theory]
    [InlineData("""{"sub":"12345678-5"}""")]
    [InlineData("""{"RolUnico":{"numero":"12345678","DV":"5"}}""")]
    [InlineData("""{"RolUnico":{"numero":12345678,"DV":"4"}}""")]
    [InlineData("""{"RolUnico":{"numero":12345678,"DV":"5","tipo":"PASAPORTE"}}""")]
    [InlineData("""{"RolUnico":{"numero":12345678,"DV":"55"}}""")]
    public void UserInfo_WithoutAValidRolUnico_GivesNoRun_EvenWhenSubLooksLikeOne(string json)
    {
        Assert.Null(ClaveUnicaAuthentication.ParseRolUnico(JsonDocument.Parse(json)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5101/openid", false)]
    [InlineData("https://simulador.example.cl/openid", false)]
    [InlineData("http://accounts.claveunica.gob.cl/openid", false)]
    [InlineData("https://accounts.claveunica.gob.cl/openid", true)]
    public void OutsideDevelopment_ThePortalTrustsOnlyClaveUnicaOverHttps(string authority, bool trusted)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ClaveUnica:Authority"] = authority,
            ["ClaveUnica:ClientId"] = "portal",
            ["ClaveUnica:ClientSecret"] = "secreto",
        }).Build();
        var register = () => new ServiceCollection().AddClaveUnicaAuthentication(configuration, new Environment(Environments.Production));

        if (trusted) register();
        else Assert.Throws<InvalidOperationException>(register);
    }

    [Fact]
    public void OutsideDevelopment_InsecureHttpIsRefused_EvenForClaveUnica()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ClaveUnica:Authority"] = "https://accounts.claveunica.gob.cl/openid",
            ["ClaveUnica:AllowInsecureHttp"] = "true",
        }).Build();
        Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddClaveUnicaAuthentication(configuration, new Environment(Environments.Staging)));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "SIIVbG.Web";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

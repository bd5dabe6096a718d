using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Registry")]
public sealed class SeederTests
{
    private sealed record Counts(int Regions, int Provinces, int Comunas, int Entities, int Centres, int Operators, int ActiveOperators);

    private static async Task<Counts> CountAsync(IServiceProvider services)
    {
        await using var ctx = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        return new Counts(
            await ctx.Regions.CountAsync(), await ctx.Provinces.CountAsync(), await ctx.Comunas.CountAsync(),
            await ctx.ExecutingEntities.CountAsync(), await ctx.Centres.CountAsync(),
            await ctx.Operators.CountAsync(), await ctx.Operators.CountAsync(o => o.IsActive));
    }

    private static readonly Counts Expected = new(16, 56, 346, DemoData.ExecutingEntities.Length, DemoData.Centres.Length,
        DemoData.Operators.Length, DemoData.Operators.Count(o => o.Active));

    [Fact]
    public async Task SeedDemo_RunTwiceMore_AddsNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        Assert.Equal(Expected, await CountAsync(services));

        await services.GetRequiredService<Seeder>().SeedDemoAsync();
        await services.GetRequiredService<Seeder>().SeedDemoAsync();

        Assert.Equal(Expected, await CountAsync(services));
    }

    [Fact]
    public async Task SeedDemo_RestoresOnlyTheMissingDemoOperator_AndKeepsTheDeactivatedOneDeactivated()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var missing = DemoData.Operators.First(o => o.Level == AccessLevel.N4);
        var deactivated = DemoData.Operators.Single(o => !o.Active);
        await using (var owner = await db.OpenOwnerConnectionAsync())
            await owner.ExecuteAsync($"DELETE FROM operators WHERE run = '{missing.Run}'");
        var untouchedId = (await services.SignedInAsync(AccessLevel.N1)).Id;

        await services.GetRequiredService<Seeder>().SeedDemoAsync();

        Assert.Equal(Expected, await CountAsync(services));
        var restored = await services.SignedInAsync(missing.Run);
        Assert.Equal((missing.Level, missing.ScopeKind, missing.ScopeCode), (restored.Level, restored.ScopeKind, restored.ScopeCode));
        Assert.Equal(untouchedId, (await services.SignedInAsync(AccessLevel.N1)).Id);
        var directory = services.GetRequiredService<OperatorDirectory>();
        Assert.False((await directory.GetStandingAsync((await services.SignedInAsync(deactivated.Run)).Id))!.IsActive);
    }
}

[Trait("Area", "Registry")]
public sealed class OperatorScopesTests
{
    [Theory]
    [InlineData(ScopeKind.Region, "13", "Región Metropolitana de Santiago")]
    [InlineData(ScopeKind.Region, "05", "Región de Valparaíso")]
    [InlineData(ScopeKind.ExecutingEntity, "EE-13-DEMO", "Corporación Demo Metropolitana")]
    [InlineData(ScopeKind.Centre, "CDM-13101-D", "Centro de la Mujer Santiago Centro (demo)")]
    [InlineData(ScopeKind.Nation, null, null)]
    [InlineData(ScopeKind.Region, "99", null)]
    [InlineData(ScopeKind.Centre, "13", null)]
    public async Task Describe_NamesTheScopeFromTheCatalogue(ScopeKind kind, string? code, string? expected)
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();

        Assert.Equal(expected, await services.GetRequiredService<OperatorScopes>().DescribeAsync(kind, code));
    }

    [Fact]
    public async Task Describe_NamesTheCentreOfEveryCentreBasedDemoOperator()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var scopes = services.GetRequiredService<OperatorScopes>();

        foreach (var op in DemoData.Operators.Where(o => o.ScopeKind == ScopeKind.Centre))
            Assert.Equal(DemoData.Centres.Single(c => c.Code == op.ScopeCode).Name, await scopes.DescribeAsync(op.ScopeKind, op.ScopeCode));
    }
}

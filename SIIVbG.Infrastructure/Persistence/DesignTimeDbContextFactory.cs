using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SIIVbG.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SiivbgDbContext>
{
    public SiivbgDbContext CreateDbContext(string[] args)
    {
        var cs = Environment.GetEnvironmentVariable("SIIVBG_DB") ?? "Host=127.0.0.1;Database=siivbg_design";
        var options = new DbContextOptionsBuilder<SiivbgDbContext>();
        DependencyInjection.ConfigureDbContext(options, cs);
        return new SiivbgDbContext(options.Options);
    }
}

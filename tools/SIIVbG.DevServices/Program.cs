using SIIVbG.DevServices.ClaveUnica;
using SIIVbG.DevServices.Registries;
using SIIVbG.DevServices.Sgp;

var builder = WebApplication.CreateBuilder(args);

// This host fakes State services (ClaveÚnica, …) and would let anyone sign in as anyone.
if (builder.Environment.IsProduction())
{
    Console.Error.WriteLine(
        "SIIVbG.DevServices simula servicios externos y no puede ejecutarse en Production. " +
        "Use ASPNETCORE_ENVIRONMENT=Development.");
    return 1;
}

builder.AddClaveUnicaSimulator();

var app = builder.Build();
app.UseAuthentication();
app.MapGet("/health", () => "ok");
app.MapClaveUnicaSimulator();
app.MapSgpSnapshotDrop();
app.MapRegistrySimulators();
app.Run();
return 0;

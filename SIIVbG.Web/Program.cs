using SIIVbG.Web;

if (CommandLine.IsCommand(args))
    return await CommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddWebServices();

var app = builder.Build();
app.UseWebPipeline();
app.Run();
return 0;

public partial class Program;

using Saas.Api.Features;
using Saas.Api.Infrastructure;
using Saas.Api.Infrastructure.Database;

var builder = WebApplication.CreateBuilder(args);
builder.AddSaasInfrastructure();

var app = builder.Build();
if (await app.RunCommandAsync(args) is { } exitCode)
    return exitCode;
if (!await app.MigrateOnStartupAsync())
    return 1;

app.UseSaasPipeline();
app.MapFeatures();
await app.RunAsync();
return 0;

/// <summary>The entry point, named for the integration tests' <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;

using Saas.Api.Features;
using Saas.Api.Infrastructure;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

// --document-schema and --token-service-schema print DDL for a migration; they need no configuration.
if ((Documents.RunDocumentSchemaCommand(args) ?? TokenServiceStore.RunSchemaCommand(args)) is { } printed)
    return printed;

var builder = WebApplication.CreateBuilder(args);
// --create-key-ring-certificate writes the certificate the services below load, so it runs before them.
if (KeyRing.RunCreateCertificateCommand(builder.Configuration, args) is { } created)
    return created;
builder.AddSaasInfrastructure();
builder.Services.AddFeatures(builder.Configuration);

await using var app = builder.Build();
// Command-line verbs for deployments (--migrate, --init-database, --add-partner) run and exit.
if ((await app.RunCommandAsync(args) ?? await app.RunAddPartnerCommandAsync(args)) is { } exitCode)
    return exitCode;
if (!await app.MigrateOnStartupAsync())
    return 1;

app.UseSaasPipeline();
app.MapSaasEndpoints();
await app.RunAsync();
return 0;

/// <summary>The entry point, named for the integration tests' <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;

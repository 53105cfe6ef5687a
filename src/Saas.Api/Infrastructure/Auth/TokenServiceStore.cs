using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>OpenIddict's own tables (applications, authorizations, scopes, tokens) in a schema of their own, the only use of
/// EF Core here (ADR 0015). The schema is created by a numbered migration made from <see cref="CreateScript"/>, never at run
/// time; a test checks that the migrated database matches this model.</summary>
public sealed class TokenServiceStore(DbContextOptions<TokenServiceStore> options) : DbContext(options)
{
    public const string Schema = "openiddict";

    public const string SchemaVerb = "--token-service-schema";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.UseOpenIddict<Guid>();
    }

    // Without retries, as Marten's sessions: a broken connection surfaces as the NpgsqlException the API answers with 503
    // and the client retries the whole request (EF's default strategy would wrap it in an InvalidOperationException, a 500).
    public static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.ExecutionStrategy(dependencies => new NonRetryingExecutionStrategy(dependencies)))
            .UseOpenIddict<Guid>();

    /// <summary>The DDL of the model, as EF Core writes it, for the next numbered migration.</summary>
    public static string CreateScript()
    {
        // The script is made from the model alone; the data source is never opened.
        using var dataSource = NpgsqlDataSource.Create("Host=localhost");
        var options = new DbContextOptionsBuilder<TokenServiceStore>();
        Configure(options, dataSource);
        using var store = new TokenServiceStore(options.Options);
        return store.Database.GenerateCreateScript();
    }

    /// <summary><c>--token-service-schema</c>: writes <see cref="CreateScript"/> to standard output.</summary>
    public static int? RunSchemaCommand(string[] args)
    {
        if (!args.Contains(SchemaVerb))
            return null;
        Console.Out.Write(CreateScript());
        return 0;
    }
}

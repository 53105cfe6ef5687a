using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Saas.Api.Infrastructure.Database;

public static class DatabaseSetup
{
    /// <summary>Statements each connection keeps prepared (Npgsql's <c>Max Auto Prepare</c>), the most used first.</summary>
    public const int AutoPreparedStatements = 100;

    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.AddSingleton(_ =>
        {
            var connectionString = configuration.GetConnectionString(ConnectionStringNames.Application);
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException(
                    $"ConnectionStrings:{ConnectionStringNames.Application} is not set (environment variable ConnectionStrings__Default).");
            return CreateDataSource(connectionString);
        });
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddScoped<TenantDb>();
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        SqlMapper.AddTypeHandler(new InstantHandler());
        return services;
    }

    /// <summary>The application's data source over <paramref name="connectionString"/>, as every request and worker uses it.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = "saas" };
        // Every request runs the same few dozen statements: prepared once per connection, PostgreSQL stops parsing
        // and planning them again (infra/bench/reads). A connection string that names a setting keeps its own.
        if (!Names(connectionString, "MaxAutoPrepare"))
            builder.ConnectionStringBuilder.MaxAutoPrepare = AutoPreparedStatements;
        // A pooled connection carries nothing from one unit of work into the next: the tenant is set for the transaction
        // alone (set_config(…, true)), locks are the transaction's, and the one temporary table empties at commit. So the
        // reset Npgsql would send before the next use (seven statements: RESET ALL, DISCARD TEMP, …) only costs: a fifth of
        // a short read's transaction in PostgreSQL, and ingestion's staging table created again on every request (ADR 0027).
        if (!Names(connectionString, "NoResetOnClose"))
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        // SQL is traced within a request's or a worker's span that is recorded (see Telemetry). The workers' polls between
        // their spans would each be a trace of its own, several a second on every instance, and bury the ones that matter.
        // A request's span exists even when traces go nowhere (for the logs' TraceId), and for a span the sampler then
        // drops, Npgsql would still join a batch's statements into one text: for a batch of writes, a string on the large
        // object heap (results/soak-gc-and-pooled-minutes.md). The SDK's samplers decide by the parent or by the trace, so
        // SQL under an unrecorded span would not have been recorded either.
        return builder
            .ConfigureTracing(tracing => tracing
                .ConfigureCommandFilter(_ => InRecordedSpan())
                .ConfigureBatchFilter(_ => InRecordedSpan())
                .ConfigureCopyOperationFilter(_ => InRecordedSpan()))
            .Build();
    }

    private static bool InRecordedSpan() => Activity.Current is { Recorded: true };

    // Npgsql's builder answers true for every keyword it knows, set or not: the plain one lists only those given.
    private static bool Names(string connectionString, string setting) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals(setting, StringComparison.OrdinalIgnoreCase));

    // Npgsql reads timestamptz as a UTC DateTime; rows declare DateTimeOffset, so that no slice converts by hand.
    // Written values go as UTC, the only offset Npgsql accepts for timestamptz.
    private sealed class InstantHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(System.Data.IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value.ToUniversalTime();

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset instant => instant,
            DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
            _ => throw new InvalidCastException($"Cannot read {value.GetType()} as an instant."),
        };
    }

    // Dapper does not know DateOnly; Npgsql reads and writes it natively for the date type.
    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(System.Data.IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = System.Data.DbType.Date;
            parameter.Value = value;
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly date => date,
            DateTime dateTime => DateOnly.FromDateTime(dateTime),
            _ => throw new InvalidCastException($"Cannot read {value.GetType()} as a date."),
        };
    }

    /// <summary>The command-line verbs of the API binary for deployments: <c>--migrate</c> applies migrations
    /// with the owner's connection; <c>--init-database</c> also creates the roles and the database first, with
    /// an administrative connection. Returns the exit code, or null when no verb was given.</summary>
    public static async Task<int?> RunCommandAsync(this WebApplication app, string[] args)
    {
        var initialize = args.Contains("--init-database");
        if (!initialize && !args.Contains("--migrate"))
            return null;

        var configuration = app.Configuration;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Saas.Database");
        var owner = configuration.GetConnectionString(ConnectionStringNames.Migrations);
        if (string.IsNullOrWhiteSpace(owner))
        {
            logger.LogCritical("ConnectionStrings:Migrations (the schema owner's connection) is required to migrate.");
            return 2;
        }
        try
        {
            if (initialize)
            {
                var admin = configuration.GetConnectionString(ConnectionStringNames.Admin);
                var application = configuration.GetConnectionString(ConnectionStringNames.Application);
                if (string.IsNullOrWhiteSpace(admin) || string.IsNullOrWhiteSpace(application))
                {
                    logger.LogCritical("--init-database needs ConnectionStrings:Admin and ConnectionStrings:Default as well.");
                    return 2;
                }
                await app.Services.GetRequiredService<DatabaseInitializer>().EnsureRolesAndDatabaseAsync(admin, owner, application, CancellationToken.None);
            }
            var applied = await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(owner, CancellationToken.None);
            logger.LogInformation("Database is up to date ({Applied} migration(s) applied now)", applied);
            return 0;
        }
        catch (Exception exception) when (exception is MigrationChecksumException or NpgsqlException or InvalidOperationException)
        {
            logger.LogCritical(exception, "Database set-up failed: {Reason}", exception.Message);
            return 1;
        }
    }

    /// <summary>Applies migrations before serving when configured to (development). A changed, already
    /// applied script stops start-up.</summary>
    public static async Task<bool> MigrateOnStartupAsync(this WebApplication app)
    {
        var options = app.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!options.MigrateOnStartup)
            return true;
        return await app.RunCommandAsync(["--migrate"]) == 0;
    }
}

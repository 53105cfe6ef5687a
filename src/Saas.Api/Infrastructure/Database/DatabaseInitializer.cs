using Npgsql;

namespace Saas.Api.Infrastructure.Database;

/// <summary>Makes a PostgreSQL cluster match the configured connection strings: the owner role, the
/// application role (a member of <see cref="DatabaseOptions.ApplicationGroupRole"/>, without BYPASSRLS and
/// owning nothing) and the database. Runs with an administrative connection; idempotent.</summary>
public sealed class DatabaseInitializer(ILogger<DatabaseInitializer> logger)
{
    public async Task EnsureRolesAndDatabaseAsync(string adminConnectionString, string ownerConnectionString,
        string applicationConnectionString, CancellationToken cancellationToken)
    {
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        var application = new NpgsqlConnectionStringBuilder(applicationConnectionString);
        if (string.IsNullOrEmpty(owner.Username) || string.IsNullOrEmpty(application.Username) || string.IsNullOrEmpty(owner.Database))
            throw new InvalidOperationException("The owner and application connection strings must name a username and the database.");
        if (owner.Username == application.Username)
            throw new InvalidOperationException("The application must connect with a role other than the owner, or row-level security would not apply to it.");
        if (owner.Database != application.Database)
            throw new InvalidOperationException("The owner and application connection strings must name the same database.");

        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(cancellationToken);

        await ExecuteFormattedAsync(admin, """
            select case when exists (select from pg_roles where rolname = $1)
                then format('alter role %I nologin nosuperuser nobypassrls nocreatedb nocreaterole', $1::text)
                else format('create role %I nologin nosuperuser nobypassrls nocreatedb nocreaterole', $1::text) end
            """, [DatabaseOptions.ApplicationGroupRole], cancellationToken);
        await EnsureLoginRoleAsync(admin, owner.Username, owner.Password, cancellationToken);
        await EnsureLoginRoleAsync(admin, application.Username, application.Password, cancellationToken);
        await ExecuteFormattedAsync(admin, "select format('grant %I to %I', $1::text, $2::text)",
            [DatabaseOptions.ApplicationGroupRole, application.Username], cancellationToken);

        await using (var exists = new NpgsqlCommand("select exists (select from pg_database where datname = $1)", admin))
        {
            exists.Parameters.Add(new() { Value = owner.Database });
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                await ExecuteFormattedAsync(admin, "select format('create database %I owner %I encoding ''UTF8''', $1::text, $2::text)",
                    [owner.Database, owner.Username], cancellationToken);
                logger.LogInformation("Created database {Database} owned by {Owner}", owner.Database, owner.Username);
            }
        }
    }

    private static Task EnsureLoginRoleAsync(NpgsqlConnection admin, string role, string? password, CancellationToken cancellationToken) =>
        // Attributes are re-asserted on every run, so an existing role cannot keep SUPERUSER or BYPASSRLS.
        ExecuteFormattedAsync(admin, """
            select case when exists (select from pg_roles where rolname = $1)
                then format('alter role %I login nosuperuser nobypassrls nocreatedb nocreaterole password %L', $1::text, $2::text)
                else format('create role %I login nosuperuser nobypassrls nocreatedb nocreaterole password %L', $1::text, $2::text) end
            """, [role, password ?? string.Empty], cancellationToken);

    /// <summary>Lets the server quote identifiers and literals (<c>format('%I', …)</c>), then runs the statement.
    /// Role and database statements take no bind parameters, and this keeps quoting out of C#.</summary>
    private static async Task ExecuteFormattedAsync(NpgsqlConnection connection, string formatQuery, object[] arguments,
        CancellationToken cancellationToken)
    {
        string statement;
        await using (var format = new NpgsqlCommand(formatQuery, connection))
        {
            foreach (var argument in arguments)
                format.Parameters.Add(new() { Value = argument });
            statement = (string)(await format.ExecuteScalarAsync(cancellationToken))!;
        }
        await using var command = new NpgsqlCommand(statement, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

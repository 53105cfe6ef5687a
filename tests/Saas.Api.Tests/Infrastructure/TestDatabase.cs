using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>A fresh database for one test class: a copy of a template that was migrated once per run, with
/// the same two roles as production: the owner (migrations) and the application role (row-level security).</summary>
public sealed class TestDatabase
{
    public const string OwnerRole = "saas_owner";
    public const string ApplicationRole = "saas_app";
    private const string Template = "saas_template";
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static bool _templateReady;
    private static int _counter;

    private TestDatabase(string name)
    {
        Name = name;
        AdminConnectionString = With(TestPostgres.AdminConnectionString, name, "postgres", null);
        OwnerConnectionString = With(TestPostgres.AdminConnectionString, name, OwnerRole, "owner");
        ApplicationConnectionString = With(TestPostgres.AdminConnectionString, name, ApplicationRole, "app");
    }

    public string Name { get; }

    /// <summary>Superuser on this database: for test set-up that must see every tenant.</summary>
    public string AdminConnectionString { get; }

    public string OwnerConnectionString { get; }

    public string ApplicationConnectionString { get; }

    /// <summary>A migrated database (copied from the template).</summary>
    public static Task<TestDatabase> CreateAsync() => CreateAsync(migrated: true);

    /// <summary>A database with the roles but without any migration applied.</summary>
    public static Task<TestDatabase> CreateEmptyAsync() => CreateAsync(migrated: false);

    private static async Task<TestDatabase> CreateAsync(bool migrated)
    {
        await EnsureTemplateAsync();
        var database = new TestDatabase($"test_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}");
        await using var admin = new NpgsqlConnection(TestPostgres.AdminConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand(
            $"create database {database.Name} owner {OwnerRole} template {(migrated ? Template : "template0")}", admin);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    private static async Task EnsureTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_templateReady)
                return;
            var owner = With(TestPostgres.AdminConnectionString, Template, OwnerRole, "owner");
            await new DatabaseInitializer(NullLogger<DatabaseInitializer>.Instance).EnsureRolesAndDatabaseAsync(
                TestPostgres.AdminConnectionString, owner, With(TestPostgres.AdminConnectionString, Template, ApplicationRole, "app"),
                CancellationToken.None);
            await new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(owner, CancellationToken.None);
            _templateReady = true;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static string With(string admin, string database, string username, string? password) =>
        new NpgsqlConnectionStringBuilder(admin) { Database = database, Username = username, Password = password, Pooling = false }
            .ConnectionString;

    /// <summary>The application role's connection string with pooling on, as the API uses it.</summary>
    public string PooledApplicationConnectionString(int maxPoolSize = 100) =>
        new NpgsqlConnectionStringBuilder(ApplicationConnectionString) { Pooling = true, MaxPoolSize = maxPoolSize }.ConnectionString;

    public Task ExecuteAsAdminAsync(string sql) => ExecuteAsync(AdminConnectionString, sql);

    public Task ExecuteAsOwnerAsync(string sql) => ExecuteAsync(OwnerConnectionString, sql);

    /// <summary>Runs <paramref name="sql"/> as the application role, its statements in one transaction: one that sets the
    /// tenant with <c>set_config(…, true)</c> writes under that tenant's policies, as the API does.</summary>
    public Task ExecuteAsApplicationAsync(string sql) => ExecuteAsync(ApplicationConnectionString, sql);

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

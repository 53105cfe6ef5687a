using Npgsql;

namespace Saas.Api.Infrastructure.Database;

public sealed class MigrationChecksumException(string message) : Exception(message);

/// <summary>Applies the embedded migrations once each, recording name and checksum in
/// <c>schema_migrations</c>. A session-level advisory lock serialises API instances that start together.</summary>
public sealed class MigrationRunner(ILogger<MigrationRunner> logger)
{
    // An arbitrary constant that names "schema migrations of this product" among advisory locks.
    private const long AdvisoryLockKey = 7_300_125_001;

    /// <summary>Applies what is not applied yet; with <paramref name="before"/>, only the scripts whose names sort before it
    /// (a database as an older release left it, for upgrade tests).</summary>
    public async Task<int> ApplyAsync(string ownerConnectionString, CancellationToken cancellationToken, string? before = null)
    {
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"select pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                create table if not exists schema_migrations (
                    name       text        primary key,
                    checksum   text        not null,
                    applied_at timestamptz not null default now()
                )
                """, cancellationToken);

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var count = 0;
            foreach (var migration in Migration.Embedded.Where(m => before is null || string.CompareOrdinal(m.Name, before) < 0))
            {
                if (applied.TryGetValue(migration.Name, out var checksum))
                {
                    if (checksum != migration.Checksum)
                        throw new MigrationChecksumException(
                            $"Migration '{migration.Name}' was changed after it was applied (checksum {checksum} in the database, " +
                            $"{migration.Checksum} in this build). Applied migrations are immutable: restore the script and add a new one.");
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await using (var record = new NpgsqlCommand("insert into schema_migrations (name, checksum) values ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new() { Value = migration.Name });
                    record.Parameters.Add(new() { Value = migration.Checksum });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Migration}", migration.Name);
                count++;
            }
            return count;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"select pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    /// <summary>Whether every embedded migration is applied with its current checksum (readiness).</summary>
    public static async Task<bool> AreAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = await ReadAppliedAsync(connection, cancellationToken);
        return Migration.Embedded.All(m => applied.TryGetValue(m.Name, out var checksum) && checksum == m.Checksum);
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("select name, checksum from schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            applied[reader.GetString(0)] = reader.GetString(1);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        // No time limit: a migration that fills a table from a large one takes as long as it takes, and is all or nothing.
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

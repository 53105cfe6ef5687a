using System.Data;
using System.Data.Common;
using Dapper;
using Marten;
using Marten.Linq;
using Npgsql;
using Saas.Api.Infrastructure.Tenancy;
using SessionOptions = Marten.Services.SessionOptions;

namespace Saas.Api.Infrastructure.Database;

/// <summary>Opens units of work for the current tenant, and reads for it in one round trip. A unit of work is a transaction in
/// which <c>app.tenant_id</c> is set with <c>set_config(…, true)</c>, so the setting ends with the transaction and a pooled
/// connection carries nothing into the next request; a read sets it the same way in its batch's implicit transaction.
/// Row-level security reads that setting.</summary>
public sealed class TenantDb(NpgsqlDataSource dataSource, IDocumentStore documents, TenantContext tenant)
{
    private Guid? _tenantId;

    /// <summary>The caller's tenant, read from the claims once a request: a GET asks for it at every read.</summary>
    public Guid TenantId => _tenantId ??= tenant.RequiredTenantId;

    public Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken) =>
        UnitOfWork.BeginAsync(dataSource, TenantId, cancellationToken, documents);

    // Reads in one round trip (ADR 0031). The tenant's setting and the query go to PostgreSQL as one batch, with no
    // transaction of their own: what comes before a batch's one Sync runs as one implicit transaction, so the setting
    // (set_config(…, true)) holds for the query and ends with it, as it ends with a unit of work's transaction. A unit of
    // work costs two more round trips (BEGIN with the setting, then ROLLBACK); a GET that reads once does not need them.
    // Each read takes a pooled connection of its own and is read-only: inside a unit of work, read through the unit,
    // which sees its own writes and holds its one connection (ADR 0025).

    /// <summary>Reads of documents and rows to enlist and send together, in one round trip.</summary>
    public ReadBatch Batch() => new(documents, TenantId);

    /// <summary>A compiled query's result, read in one round trip.</summary>
    public async Task<TResult> QueryAsync<TDoc, TResult>(ICompiledQuery<TDoc, TResult> query, CancellationToken cancellationToken)
        where TDoc : class
    {
        await using var batch = Batch();
        var result = batch.Query(query);
        await batch.ExecuteAsync(cancellationToken);
        return await result;
    }

    /// <summary>A document by id, read in one round trip.</summary>
    public async Task<T?> LoadAsync<T>(Guid id, CancellationToken cancellationToken) where T : class
    {
        await using var batch = Batch();
        var result = batch.Load<T>(id);
        await batch.ExecuteAsync(cancellationToken);
        return await result;
    }

    /// <summary>Rows Dapper's parser makes, read in one round trip.</summary>
    public Task<List<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        ReadAsync<T>(sql, parameters, null, cancellationToken);

    /// <summary>Rows made by <paramref name="read"/>, by position, read in one round trip.</summary>
    public Task<List<T>> QueryAsync<T>(string sql, object? parameters, Func<DbDataReader, T> read, CancellationToken cancellationToken) =>
        ReadAsync(sql, parameters, read, cancellationToken);

    /// <summary>The one row the query answers or the type's default when it answers none, read in one round trip.</summary>
    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        (await ReadAsync<T>(sql, parameters, null, cancellationToken)).SingleOrDefault();

    private async Task<List<T>> ReadAsync<T>(string sql, object? parameters, Func<DbDataReader, T>? read, CancellationToken cancellationToken)
    {
        var withSetting = new DynamicParameters(parameters);
        withSetting.Add(TenantSettingParameter, TenantId.ToString());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Npgsql sends the two statements of one command as one batch.
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            SettingBefore + sql, withSetting, cancellationToken: cancellationToken));
        if (!await reader.NextResultAsync(cancellationToken))
            throw new InvalidOperationException("The query after the tenant's setting answered nothing.");
        var parse = read ?? RowParser.For<T>(reader);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(parse(reader));
        return rows;
    }

    private const string TenantSettingParameter = "TenantSetting";

    private static readonly string SettingBefore = ReadBatch.SettingStatement($"@{TenantSettingParameter}") + ";\n";
}

/// <summary>Units of work that no caller's tenant scopes: platform tables (tenants, clients), and the token
/// service and partner provisioning, which pick the tenant themselves (from a token, a new tenant's id).</summary>
public sealed class PlatformDb(NpgsqlDataSource dataSource, IDocumentStore documents)
{
    /// <summary>For platform tables only: row-level security lets no tenant row through.</summary>
    public Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken) =>
        UnitOfWork.BeginAsync(dataSource, null, cancellationToken);

    public Task<UnitOfWork> BeginForTenantAsync(Guid tenantId, CancellationToken cancellationToken) =>
        UnitOfWork.BeginAsync(dataSource, tenantId, cancellationToken, documents);
}

public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly CancellationToken _cancellationToken;
    private bool _completed;

    private readonly IDocumentStore? _store;
    private IDocumentSession? _documents;

    private UnitOfWork(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid? tenantId, IDocumentStore? store, CancellationToken cancellationToken)
    {
        Connection = connection;
        Transaction = transaction;
        _tenantId = tenantId;
        _store = store;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The tenant's documents, in this transaction: what is stored is written by <see cref="CommitAsync"/> together
    /// with the SQL rows, or not at all.</summary>
    public IDocumentSession Documents => _documents ??= OpenDocuments();

    private IDocumentSession OpenDocuments()
    {
        var options = SessionOptions.ForTransaction(Transaction);
        options.TenantId = TenantId.ToString();
        options.Timeout = CommandTimeoutSeconds;
        return (_store ?? throw new InvalidOperationException("This unit of work was opened without the document store.")).LightweightSession(options);
    }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    private readonly Guid? _tenantId;

    /// <summary>The tenant this unit of work is scoped to; SQL names it as <c>@TenantId</c>.</summary>
    public Guid TenantId => _tenantId ?? throw new InvalidOperationException("A platform unit of work has no tenant.");

    public static async Task<UnitOfWork> BeginAsync(NpgsqlDataSource dataSource, Guid? tenantId, CancellationToken cancellationToken,
        IDocumentStore? documents = null)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            if (tenantId is { } tenant)
            {
                await using var command = new NpgsqlCommand($"select set_config('{Database.Documents.TenantSetting}', $1, true)", connection, transaction);
                command.Parameters.Add(new() { Value = tenant.ToString() });
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            return new UnitOfWork(connection, transaction, tenantId, documents, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        Connection.QueryAsync<T>(Command(sql, parameters));

    /// <summary>Rows as they arrive, for reads that aggregate more rows than they should hold at once; the connection
    /// runs no other command until the enumeration ends. Each row is made by <paramref name="read"/> when given, for rows read
    /// by the hundred thousand whose values Dapper's parser would box one by one.</summary>
    /// <remarks>A reader and Dapper's row parser (or <paramref name="read"/>) rather than its <c>QueryUnbufferedAsync</c>,
    /// which sends PostgreSQL a cancel request (a new connection) after every stream read to its end (Dapper issue 2188).</remarks>
    public async IAsyncEnumerable<T> StreamAsync<T>(string sql, object? parameters = null, Func<DbDataReader, T>? read = null)
    {
        await using var reader = await Connection.ExecuteReaderAsync(Command(sql, parameters));
        var parse = read ?? RowParser.For<T>(reader);
        while (await reader.ReadAsync(_cancellationToken))
            yield return parse(reader);
    }

    /// <summary><see cref="StreamAsync{T}"/> with nested loops off for this statement, so that its joins of large sets hash:
    /// while the statistics do not know a tenant's rows yet (a new company's first import) every estimate is one row, and the
    /// planner joins two such sets in a nested loop over both (minutes for 50 000 leads). Set back once every row is read; a
    /// reader that stops early leaves it off for the rest of the transaction.</summary>
    public async IAsyncEnumerable<T> StreamHashJoinedAsync<T>(string sql, object? parameters = null, Func<DbDataReader, T>? read = null)
    {
        await ExecuteAsync("set local enable_nestloop = off");
        await foreach (var row in StreamAsync(sql, parameters, read))
            yield return row;
        await ExecuteAsync("set local enable_nestloop to default");
    }

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null) =>
        Connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters));

    public Task<T> QuerySingleAsync<T>(string sql, object? parameters = null) =>
        Connection.QuerySingleAsync<T>(Command(sql, parameters));

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters = null) =>
        Connection.ExecuteScalarAsync<T>(Command(sql, parameters));

    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        Connection.ExecuteAsync(Command(sql, parameters));

    /// <summary>Waits for a transaction-scoped advisory lock on <paramref name="name"/> (64-bit hash), held until commit or
    /// rollback: writers of one thing that no row lock covers take turns.</summary>
    public Task LockAsync(string name) => ExecuteAsync("select pg_advisory_xact_lock(hashtextextended(@name, 0))", new { name });

    /// <summary><see cref="LockAsync(string)"/> on each of <paramref name="names"/> in one round trip. They are taken in the
    /// order of their hashes, so that two callers that take their locks of these names only here, all at once, cannot each hold
    /// one the other waits for.</summary>
    public Task LockAsync(IEnumerable<string> names) => ExecuteAsync("""
        select pg_advisory_xact_lock(key) from (select distinct hashtextextended(name, 0) as key from unnest(@names) as name order by key) as keys
        """, new { names = names.ToArray() });

    /// <summary>The shared form of <see cref="LockAsync(string)"/>: holders of it go together, and wait only for the exclusive holder
    /// (readers that must not see the thing change under them, while the writer waits for them).</summary>
    public Task LockSharedAsync(string name) => ExecuteAsync("select pg_advisory_xact_lock_shared(hashtextextended(@name, 0))", new { name });

    public async Task CommitAsync()
    {
        if (_documents is not null)
            await _documents.SaveChangesAsync(_cancellationToken);
        await Transaction.CommitAsync(_cancellationToken);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            try
            {
                await Transaction.RollbackAsync(CancellationToken.None);
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                // A broken connection or a failed commit has already ended the transaction.
            }
        }
        if (_documents is not null)
            await _documents.DisposeAsync();
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }

    /// <summary>Seconds a command may run; the driver's 30 s when null. Background aggregations over a period set more.</summary>
    public int? CommandTimeoutSeconds { get; set; }

    private CommandDefinition Command(string sql, object? parameters) =>
        new(sql, parameters, Transaction, CommandTimeoutSeconds, cancellationToken: _cancellationToken);
}

internal static class RowParser
{
    /// <summary>Dapper's parser of <typeparamref name="T"/> rows. Its <c>GetRowParser&lt;T&gt;</c> fails with an invalid cast for a
    /// single-column type such as <see cref="string"/>, whose parser Dapper makes as one of objects.</summary>
    public static Func<DbDataReader, T> For<T>(DbDataReader reader)
    {
        var parse = reader.GetRowParser<object>(typeof(T));
        return row => (T)parse(row);
    }
}

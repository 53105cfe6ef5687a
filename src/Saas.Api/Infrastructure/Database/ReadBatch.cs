using System.Data.Common;
using Marten;
using Marten.Linq;
using Marten.Services.BatchQuerying;

namespace Saas.Api.Infrastructure.Database;

/// <summary>Reads of the tenant's documents and rows sent to PostgreSQL in one round trip (ADR 0031): one Marten batch, the
/// tenant's setting first, with no transaction of its own. Enlist each read, then <see cref="ExecuteAsync"/>, then await the
/// reads' tasks.</summary>
public sealed class ReadBatch : IAsyncDisposable
{
    private readonly IQuerySession _session;
    private readonly IBatchedQuery _batch;

    internal ReadBatch(IDocumentStore documents, Guid tenantId)
    {
        TenantId = tenantId;
        _session = documents.QuerySession(tenantId.ToString());
        _batch = _session.CreateBatchQuery();
        _ = _batch.Query<string>(PositionalSetting, tenantId.ToString());
    }

    /// <summary>The statement that leads every read's batch: the tenant for row-level security, and read-only, so that a
    /// statement sent as a read cannot write (the implicit transaction would commit it). Both end with the batch.</summary>
    internal static string SettingStatement(string tenantParameter) =>
        $"select set_config('{Documents.TenantSetting}', {tenantParameter}, true), set_config('transaction_read_only', 'on', true)";

    private static readonly string PositionalSetting = SettingStatement("?");

    /// <summary>The tenant whose setting leads the batch: what its SQL rows filter <c>tenant_id</c> by.</summary>
    public Guid TenantId { get; }

    public Task<TResult> Query<TDoc, TResult>(ICompiledQuery<TDoc, TResult> query) where TDoc : class => _batch.Query(query);

    public Task<T?> Load<T>(Guid id) where T : class => _batch.Load<T>(id);

    /// <summary>Rows of <paramref name="sql"/>, whose <c>?</c> placeholders take <paramref name="parameters"/> in order, each
    /// made by <paramref name="read"/> by position.</summary>
    public Task<IReadOnlyList<T>> Rows<T>(string sql, Func<DbDataReader, T> read, params object[] parameters) =>
        _batch.AddItem(new SqlRows<T>(sql, read, parameters));

    public Task ExecuteAsync(CancellationToken cancellationToken) => _batch.Execute(cancellationToken);

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}

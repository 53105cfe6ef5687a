using System.Data.Common;
using Marten.Services;
using Weasel.Storage;

namespace Saas.Api.Infrastructure.Database;

/// <summary>Marten's System.Text.Json serializer, reading a document from a row that has arrived without its asynchronous
/// path. Marten reads rows whole (not with <c>SequentialAccess</c>), so by the time it asks for a document, the JSON is in
/// Npgsql's buffer: the asynchronous read only adds a state machine and a stream read for every document. A page of 50
/// employees or statements cost the API 15–27 % less CPU without it (infra/bench/results/compare-requests-buffered-rows.md).</summary>
public sealed class BufferedRowsSerializer : SystemTextJsonSerializer, IStorageSerializer
{
    ValueTask<T> IStorageSerializer.FromJsonAsync<T>(DbDataReader reader, int index, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FromJson<T>(reader, index));

    ValueTask<object> IStorageSerializer.FromJsonAsync(Type type, DbDataReader reader, int index, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FromJson(type, reader, index));
}

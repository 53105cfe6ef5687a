using System.Data.Common;
using Marten.Services;
using Weasel.Storage;

namespace Saas.Api.Infrastructure.Database;

/// <summary>Marten's System.Text.Json serializer, reading a document from a row that has arrived without its asynchronous
/// path. Marten reads rows whole (not with <c>SequentialAccess</c>), so by the time it asks for a document, the JSON is in
/// Npgsql's buffer: the asynchronous read only adds a state machine and a stream read for every document. In two runs side
/// by side, a page of 50 employees cost 0.73 and 0.82 of the API's CPU that it cost on the asynchronous path, and a page
/// of 50 statements 0.85 in both; a GET of one document moved within the runs' noise
/// (infra/bench/results/compare-requests-buffered-rows.md).</summary>
public sealed class BufferedRowsSerializer : SystemTextJsonSerializer, IStorageSerializer
{
    ValueTask<T> IStorageSerializer.FromJsonAsync<T>(DbDataReader reader, int index, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FromJson<T>(reader, index));

    ValueTask<object> IStorageSerializer.FromJsonAsync(Type type, DbDataReader reader, int index, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FromJson(type, reader, index));
}

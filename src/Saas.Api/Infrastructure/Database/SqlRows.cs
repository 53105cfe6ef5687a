using System.Data.Common;
using Marten.Linq.QueryHandlers;
using Weasel.Postgresql;
using Weasel.Storage;

namespace Saas.Api.Infrastructure.Database;

/// <summary>A SQL query as one read of a Marten batch (<see cref="ReadBatch"/>), so that a GET's rows and documents share a round
/// trip.</summary>
internal sealed class SqlRows<T>(string sql, Func<DbDataReader, T> read, object[] parameters) : IQueryHandler<IReadOnlyList<T>>
{
    public void ConfigureCommand(ICommandBuilder builder, IStorageSession session)
    {
        var placeholders = builder.AppendWithParameters(sql, '?');
        if (placeholders.Length != parameters.Length)
            throw new ArgumentException($"The query has {placeholders.Length} placeholders and {parameters.Length} parameters.");
        // Typed as Marten types a user-supplied query's parameters: the builder's are text until told otherwise.
        for (var i = 0; i < parameters.Length; i++)
        {
            var value = parameters[i] ?? throw new ArgumentException($"Parameter {i + 1} of a batch's SQL rows is null; write the condition without it.");
            placeholders[i].Value = value;
            placeholders[i].NpgsqlDbType = PostgresqlProvider.Instance.ToParameterType(value.GetType());
        }
    }

    public async Task<IReadOnlyList<T>> HandleAsync(DbDataReader reader, IStorageSession session, CancellationToken token)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(token))
            rows.Add(read(reader));
        return rows;
    }

    public Task<int> StreamJson(Stream stream, DbDataReader reader, CancellationToken token) =>
        throw new NotSupportedException("SQL rows are read by position, not streamed as JSON.");
}

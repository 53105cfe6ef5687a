using Npgsql;

namespace Saas.Bench;

/// <summary>The few database calls every benchmark makes, on connections that never time out.</summary>
public static class BenchDb
{
    /// <summary>With a 64 KB write buffer rather than Npgsql's 8 KB, so that the client never holds a bare COPY back.</summary>
    public static async Task<NpgsqlConnection> Open(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0, ApplicationName = "infra/bench", WriteBufferSize = 64 * 1024 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task Execute(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row; positional parameters are $1, $2, ….</summary>
    public static async Task<T> Scalar<T>(NpgsqlConnection db, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, db);
        foreach (var value in parameters)
            command.Parameters.Add(new() { Value = value });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Until the API's lead-facts worker has rebuilt every lead and deal listed for it (of every tenant).</summary>
    public static async Task LeadFactsRebuilt(NpgsqlConnection db)
    {
        while (await Scalar<long>(db, "select count(*) from lead_facts_pending") > 0)
            await Task.Delay(500);
    }
}

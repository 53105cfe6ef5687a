using System.Net;
using Npgsql;
using Saas.Api.Features.Actuals;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Features.Actuals;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Http;

/// <summary>An API whose pool has four connections and waits at most 3 s for one, as a pool bounded for a small database is.</summary>
public sealed class SmallPoolFixture : ApiFixture
{
    public const int PoolSize = 4;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:Default"] = Database.PooledApplicationConnectionString(PoolSize) + ";Timeout=3",
    };
}

/// <summary>A request with an <c>Idempotency-Key</c> holds a connection for its key while its work takes a second one, so keys
/// may hold at most half of the pool: more requests with keys at once than the pool has connections must all finish, not wait
/// for each other until the pool's timeout.</summary>
public class IdempotencyPoolTests(SmallPoolFixture fixture) : IClassFixture<SmallPoolFixture>
{
    [Fact]
    public async Task Keys_hold_at_most_half_of_the_pool_so_more_keyed_requests_at_once_than_it_has_connections_all_finish()
    {
        const int Requests = SmallPoolFixture.PoolSize;
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var apiKey = await fixture.Host.ApiKeyAsync(admin, "amoCRM", "actuals:write", "actuals:read");
        var keys = Enumerable.Range(0, Requests).Select(i => $"pool-{i}").ToArray();

        // Each key has an unfinished record, as an older version left them, which a request deletes first. The test holds
        // those rows locked, so that every request let in stops there, its key's connection held, until the test lets go.
        await using var blocker = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await blocker.OpenAsync();
        await Execute(blocker, $"""
            insert into idempotency_keys (tenant_id, caller, key, request_hash, completed, expires_at)
            select '{tenant}', 'api_key:' || (select id from api_keys where tenant_id = '{tenant}'), k, '\x00', false, now() + interval '1 hour'
            from unnest(array['{string.Join("','", keys)}']) k
            """);
        await using var locked = await blocker.BeginTransactionAsync();
        await Execute(blocker, $"select 1 from idempotency_keys where tenant_id = '{tenant}' for update");

        var requests = keys.Select((key, i) => fixture.Host.Scenario(s =>
        {
            Caller.Integration(apiKey).Apply(s).Post.Json(new { events = new[] { ActualsScenarios.Event($"e{i}", "lead.created", "2026-11-10T10:00:00+03:00", $"L{i}") } })
                .ToUrl("/api/v1/actuals/events");
            s.WithRequestHeader(IdempotencyFilter.Header, key);
            s.IgnoreStatusCode();
        })).ToList();

        var letIn = IdempotencyFilter.KeyConnections(fixture.Service<NpgsqlDataSource>());
        Assert.Equal(SmallPoolFixture.PoolSize / 2, letIn);
        await using var watcher = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await watcher.OpenAsync();
        async Task<long> WaitingOnTheRecords()
        {
            await using var command = new NpgsqlCommand("""
                select count(*) from pg_stat_activity
                where wait_event_type = 'Lock' and query like 'delete from idempotency_keys%'
                """, watcher);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await WaitingOnTheRecords() < letIn && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        // Time for more requests to come this far, were more let in than half of the pool.
        await Task.Delay(1000);
        Assert.Equal(letIn, await WaitingOnTheRecords());

        await locked.RollbackAsync();
        var answers = await Task.WhenAll(requests);
        Assert.All(answers, answer => Assert.Equal((int)HttpStatusCode.OK, answer.Context.Response.StatusCode));
        Assert.All(answers, answer => Assert.Equal(1, answer.ReadAsJson<IngestResult>().Accepted));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>A client that goes away while the API checks that its token's caller is still live (a query, and under load a wait
/// for a pooled connection) is nobody's error: the JWT bearer handler logs whatever its events throw as an error, so the events
/// end the check themselves.</summary>
public class ClientGoneTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_client_gone_while_its_caller_is_checked_is_not_logged_as_an_error()
    {
        var tenant = await fixture.CreateTenantAsync();
        var warm = await fixture.TokenAsync(tenant);
        await fixture.Host.Scenario(s => s.As(warm).Get.Url("/api/v1/tenant"));
        var token = await fixture.TokenAsync(tenant); // a token the API has not seen: its caller is asked about
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();
        var before = fixture.Logs.Entries.Count;

        // Answered nothing, as ASP.NET Core records a request its client abandoned.
        await fixture.Host.Scenario(s =>
        {
            s.As(token).Get.Url("/api/v1/tenant");
            s.ConfigureHttpContext(http => http.RequestAborted = gone.Token);
            s.StatusCodeShouldBe(StatusCodes.Status499ClientClosedRequest);
        });

        Assert.DoesNotContain(fixture.Logs.Entries.Skip(before), entry => entry.Level >= LogLevel.Error);
    }

    /// <summary>The API cancels a gone client's work off the thread pool (<c>ClientGone</c>); it must still reach PostgreSQL.</summary>
    [Fact]
    public async Task The_query_of_a_request_whose_client_went_away_is_cancelled_in_PostgreSQL()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        await fixture.Host.Scenario(s => s.As(admin).Get.Url("/api/v1/tenant"));
        await using var superuser = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await superuser.OpenAsync();
        async Task<long> WaitingOnALockAsync()
        {
            await using var command = new NpgsqlCommand(
                "select count(*) from pg_stat_activity where usename = @role and wait_event_type = 'Lock'", superuser);
            command.Parameters.AddWithValue("role", TestDatabase.ApplicationRole);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        // The tenants are locked, so the request's query waits until it is cancelled or the lock is let go.
        await using var locking = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await locking.OpenAsync();
        await using var transaction = await locking.BeginTransactionAsync();
        await new NpgsqlCommand("lock table tenants in access exclusive mode", locking, transaction).ExecuteNonQueryAsync();
        using var gone = new CancellationTokenSource();
        var request = fixture.Host.Scenario(s =>
        {
            s.As(admin).Get.Url("/api/v1/tenant");
            s.ConfigureHttpContext(http => http.RequestAborted = gone.Token);
            s.IgnoreStatusCode();
        });
        await Polling.UntilAsync(async () => await WaitingOnALockAsync() > 0, "the request's query did not wait for the lock within 20 s");

        await gone.CancelAsync();
        await Polling.UntilAsync(async () => await WaitingOnALockAsync() == 0, "the query still waited 20 s after its client went away");
        await transaction.RollbackAsync();
        await Record.ExceptionAsync(() => request);
        Assert.DoesNotContain(fixture.Logs.Entries, entry => entry.Level >= LogLevel.Error);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Saas.Api.Tests.Infrastructure;
using static Saas.Api.Tests.Infrastructure.HttpAssertions;

namespace Saas.Api.Tests.Http;

/// <summary>Every error is application/problem+json with type, title, status, detail, instance and traceId: one test per status.</summary>
public class ProblemResponseTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private async Task<HttpClient> AdminAsync() => fixture.Http.Client(await fixture.CreateTenantAsync());

    [Fact]
    public async Task Malformed_json_is_400_with_the_json_path()
    {
        using var client = await AdminAsync();
        var problem = await (await client.PostAsync("/api/v1/teams", Json("{\"name\": \"Sales\", \"department\": "))).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        Assert.True(problem.TryGetProperty("errors", out _));
        Assert.DoesNotContain("Saas.Api", problem.ToString());
    }

    [Fact]
    public async Task A_value_of_the_wrong_json_type_is_400_naming_the_field()
    {
        using var client = await AdminAsync();
        var problem = await (await client.PostAsync("/api/v1/teams", Json("{\"name\": 42, \"department\": \"sales\"}"))).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
    }

    [Fact]
    public async Task Unknown_properties_are_400_naming_them_and_nothing_is_written()
    {
        using var client = await AdminAsync();
        var problem = await (await client.PostAsync("/api/v1/teams", Json("{\"name\": \"Sales\", \"department\": \"sales\", \"tenantId\": \"00000000-0000-0000-0000-000000000001\"}")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "unknown-property");
        Assert.True(problem.GetProperty("errors").TryGetProperty("tenantId", out _), problem.ToString());
        Assert.Contains("tenantId", problem.GetProperty("detail").GetString());

        var list = await (await client.GetAsync("/api/v1/teams")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Duplicate_properties_are_400()
    {
        using var client = await AdminAsync();
        await (await client.PostAsync("/api/v1/teams", Json("{\"name\": \"A\", \"name\": \"B\", \"department\": \"sales\"}"))).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
    }

    [Fact]
    public async Task Failed_validation_is_400_with_errors_and_rules_per_field()
    {
        using var client = await AdminAsync();
        var problem = await (await client.PostAsJsonAsync("/api/v1/teams", new { name = "", department = "finance" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _), problem.ToString());
        Assert.Contains("marketing", errors.GetProperty("department")[0].GetString());
        Assert.Equal("NotEmpty", problem.GetProperty("rules").GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task A_missing_body_is_400()
    {
        using var client = await AdminAsync();
        await (await client.PostAsync("/api/v1/teams", Json(""))).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_bad_paging_cursor_or_limit_is_400()
    {
        using var client = await AdminAsync();
        await (await client.GetAsync("/api/v1/teams?cursor=not-a-cursor")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await client.GetAsync("/api/v1/teams?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await client.GetAsync("/api/v1/teams?limit=abc")).AssertProblemAsync(HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task Missing_credentials_are_401()
    {
        using var anonymous = fixture.Http.Client();
        await (await anonymous.GetAsync("/api/v1/teams")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_role_that_is_not_allowed_is_403()
    {
        using var employee = fixture.Http.Client(await fixture.CreateTenantAsync(), role: "employee");
        await (await employee.GetAsync("/api/v1/teams")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var manager = fixture.Http.Client(await fixture.CreateTenantAsync(), role: "manager");
        await (await manager.PostAsJsonAsync("/api/v1/teams", new { name = "X", department = "sales" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_token_that_does_not_allow_the_call_is_challenged_with_insufficient_scope_and_an_api_key_is_not()
    {
        // RFC 6750 §3: a 403 for a bearer token says why in WWW-Authenticate; a 401 for a rejected token says invalid_token.
        var tenant = await fixture.CreateTenantAsync();
        using var employee = fixture.Http.Client(tenant, role: "employee");
        var forbidden = await employee.PostAsJsonAsync("/api/v1/actuals/events", new { events = Array.Empty<object>() });
        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("Bearer error=\"insufficient_scope\"", forbidden.Headers.WwwAuthenticate.ToString());

        using var admin = fixture.Http.Client(tenant);
        var created = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "Reader", scopes = new[] { "actuals:read" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var reader = fixture.Http.Client();
        reader.DefaultRequestHeaders.Add("X-Api-Key", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());
        var refused = await reader.PostAsJsonAsync("/api/v1/actuals/events", new { events = Array.Empty<object>() });
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(refused.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task A_missing_resource_and_an_unknown_route_are_404()
    {
        using var client = await AdminAsync();
        await (await client.GetAsync($"/api/v1/teams/{Guid.CreateVersion7()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await client.GetAsync("/api/v1/no-such-thing")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task An_unsupported_method_is_405()
    {
        using var client = await AdminAsync();
        await (await client.PutAsJsonAsync("/api/v1/teams", new { })).AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task A_conflict_is_409()
    {
        using var client = await AdminAsync();
        await (await client.PostAsJsonAsync("/api/v1/teams", new { name = "Sales", department = "sales" })).AssertStatusAsync(HttpStatusCode.Created);
        await (await client.PostAsJsonAsync("/api/v1/teams", new { name = "sales", department = "sales" })).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_changes_nothing()
    {
        using var client = await AdminAsync();
        var team = await (await client.PostAsJsonAsync("/api/v1/teams", new { name = "Sales", department = "sales" })).AssertStatusAsync(HttpStatusCode.Created);
        var url = $"/api/v1/teams/{team.GetProperty("id").GetGuid()}";
        using (var first = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(new { name = "Sales 1" }) })
        {
            first.Headers.IfMatch.ParseAdd("\"1\"");
            await (await client.SendAsync(first)).AssertStatusAsync(HttpStatusCode.OK);
        }

        using var stale = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(new { name = "Sales 2" }) };
        stale.Headers.IfMatch.ParseAdd("\"1\"");
        var problem = await (await client.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Contains("\"2\"", problem.GetProperty("detail").GetString());
        using var staleDelete = new HttpRequestMessage(HttpMethod.Delete, url);
        staleDelete.Headers.IfMatch.ParseAdd("\"1\"");
        await (await client.SendAsync(staleDelete)).AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");

        var current = await (await client.GetAsync(url)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("Sales 1", current.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_malformed_if_match_is_400()
    {
        using var client = await AdminAsync();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/teams/{Guid.CreateVersion7()}");
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"1\"");
        await (await client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        using var client = await AdminAsync();
        var body = new StringContent("name=Sales&department=sales", Encoding.UTF8, "application/x-www-form-urlencoded");
        await (await client.PostAsync("/api/v1/teams", body)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }
}

/// <summary>An unexpected failure (here: the application role lost its privileges on a table, as a bad
/// deployment might do) is a 500 that says nothing about SQL or code, and is logged with the trace id.</summary>
public class UnhandledErrorTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await _database.ExecuteAsAdminAsync("revoke select on documents.mt_doc_team from saas_application");
        _api = new ApiFactory(_database.PooledApplicationConnectionString());
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task An_unhandled_exception_is_500_without_internals_and_is_logged_with_the_trace_id()
    {
        using var client = _api.Client(await _api.CreateTenantAsync());

        var response = await client.GetAsync("/api/v1/teams");

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError, "internal");
        var body = problem.ToString();
        foreach (var secret in new[] { "permission denied", "select ", "saas_application", "Npgsql", "Postgres", "at Saas.", "StackTrace", "42501" })
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
        var traceId = problem.GetProperty("traceId").GetString();
        Assert.Contains(_api.Logs.Entries, entry => entry.Level == LogLevel.Error && entry.Exception is not null
            && entry.Scope.TryGetValue("TraceId", out var logged) && logged?.ToString() == traceId);
    }
}

/// <summary>When the database cannot be reached, requests get a 503 with Retry-After rather than a 500.</summary>
public class DatabaseUnavailableTests
{
    [Fact]
    public async Task An_unreachable_database_is_503_with_retry_after()
    {
        await using var api = new ApiFactory("Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2");
        using var client = api.Client();
        // A well-formed key passes the checksum, so the handler must ask the database.
        client.DefaultRequestHeaders.Add("X-Api-Key", Saas.Api.Infrastructure.Auth.ApiKeyFormat.Create("test").Key);

        var response = await client.GetAsync("/api/v1/teams");

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "service-unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        using var probe = api.Client();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await probe.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/live")).StatusCode);
    }

    /// <summary>A bearer token that cannot be checked because the database does not answer (its keys, its sign-in) is not a
    /// bad token: the client is told to retry, not that its token was refused.</summary>
    [Fact]
    public async Task A_bearer_token_that_cannot_be_checked_without_the_database_is_503_not_401()
    {
        await using var api = new ApiFactory("Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2");
        using var client = api.Client();
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = api.BaseAddress,
            Audience = Saas.Api.Infrastructure.Auth.AuthOptions.Audience,
            TokenType = "at+jwt",
            Claims = new Dictionary<string, object> { ["sub"] = Guid.NewGuid().ToString() },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa) { KeyId = "k1" }, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256),
        });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/v1/teams");

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "service-unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
    }

    /// <summary>PostgreSQL restarting, shutting down or out of connection slots fails the request, not the code: the
    /// answer is a 503 to retry, like an unreachable server.</summary>
    [Theory]
    [InlineData("57P01")] // admin_shutdown: the backend was terminated
    [InlineData("57P02")] // crash_shutdown
    [InlineData("57P03")] // cannot_connect_now: starting up or shutting down
    [InlineData("53300")] // too_many_connections
    [InlineData("08006")] // connection_failure
    [InlineData("08001")] // sqlclient_unable_to_establish_sqlconnection
    public void Connection_class_sqlstates_are_503(string sqlState)
    {
        var (type, _, _) = Saas.Api.Infrastructure.Http.ExceptionToProblemHandler.Describe(new Npgsql.PostgresException("terminating", "FATAL", "FATAL", sqlState));
        Assert.Equal(Saas.Api.Infrastructure.Http.ProblemTypes.ServiceUnavailable, type);
    }

    [Fact]
    public void A_lost_connection_inside_ef_cores_save_is_503_as_well()
    {
        // OpenIddict's store saves through EF Core, which wraps the database's error in its own.
        var lost = new Npgsql.PostgresException("terminating", "FATAL", "FATAL", "57P01");
        var (type, _, _) = Saas.Api.Infrastructure.Http.ExceptionToProblemHandler.Describe(
            new Microsoft.EntityFrameworkCore.DbUpdateException("An error occurred while saving the entity changes.", lost));
        Assert.Equal(Saas.Api.Infrastructure.Http.ProblemTypes.ServiceUnavailable, type);
    }

    [Fact]
    public async Task Requests_whose_database_connections_are_terminated_mid_request_answer_503_with_retry_after_never_500()
    {
        var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.PooledApplicationConnectionString());
        var tenant = await api.CreateTenantAsync();
        using var admin = api.Client(tenant);
        await (await admin.PostAsJsonAsync("/api/v1/teams", new { name = "Sales", department = "sales" })).AssertStatusAsync(HttpStatusCode.Created);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var answers = new System.Collections.Concurrent.ConcurrentBag<(HttpStatusCode Status, bool RetryAfter, string Body)>();
        async Task LoadAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await admin.GetAsync("/api/v1/teams");
                answers.Add((response.StatusCode, response.Headers.RetryAfter is not null, await response.Content.ReadAsStringAsync()));
            }
        }
        async Task TerminateBackendsAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                await database.ExecuteAsAdminAsync(
                    $"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{database.Name}' and usename = '{TestDatabase.ApplicationRole}'");
                await Task.Delay(15);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => LoadAsync()).Append(TerminateBackendsAsync()));

        var unexpected = answers.Where(a => a.Status is not HttpStatusCode.OK and not HttpStatusCode.ServiceUnavailable).ToList();
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} of {answers.Count} answers were neither 200 nor 503, e.g. {(int)unexpected.FirstOrDefault().Status}: {unexpected.FirstOrDefault().Body}");
        var unavailable = answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.True(unavailable.Count > 0, $"No request of {answers.Count} was hit by a terminated backend; the test proves nothing.");
        Assert.All(unavailable, a => Assert.True(a.RetryAfter && a.Body.Contains("/problems/service-unavailable", StringComparison.Ordinal), a.Body));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
    }
}

/// <summary>Kestrel enforces the body limit; the in-memory server does not, so this one runs on a socket.</summary>
public class BodyLimitTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        using var client = fixture.Api.Client(await fixture.CreateTenantAsync());
        var huge = "{\"name\": \"" + new string('x', 2 * 1024 * 1024) + "\", \"department\": \"sales\"}";
        await (await client.PostAsync("/api/v1/teams", Json(huge))).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using Saas.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Saas.Api.Tests.Quality;

/// <summary>Every route of the app × every kind of caller, against what the endpoint's own authorization metadata
/// declares (<c>.RequireAuthorization(Policies.X)</c> on it or its group, or <c>.AllowAnonymous()</c>). An allowed
/// caller gets anything but 401 or 403 (a placeholder id or an empty body may well answer 400 or 404); a caller with no
/// credential of a kind the endpoint takes gets 401; one with such a credential but without the right gets 403. No
/// caller ever gets a 5xx. A new endpoint is covered the moment it is mapped.</summary>
public class AuthorizationMatrixTests(ApiFixture fixture, ITestOutputHelper output) : IClassFixture<ApiFixture>
{
    /// <summary>Routes that are public by design, by path prefix, with the reason. Only "no 5xx" is checked there. An
    /// anonymous endpoint outside these prefixes fails the test: making an endpoint public is a decision to write down here.</summary>
    public static readonly IReadOnlyDictionary<string, string> AnonymousByDesign = new Dictionary<string, string>
    {
        ["/connect"] = "token service: clients authenticate in the request (RFC 6749/7009/7662), userinfo checks its bearer token itself (OpenIddict); the sign-in and sign-out pages are for people in a browser",
        ["/api/v1/auth/activate"] = "an invited user has no credential yet; the activation token in the body is the credential",
        ["/health"] = "liveness and readiness probes of the orchestrator",
        ["/problems"] = "the documentation that every problem's `type` URI points to",
    };

    /// <summary>Served by middleware rather than endpoints, so not in the route table: checked for "no 5xx" only.</summary>
    private static readonly string[] AnonymousMiddlewarePaths = ["/swagger/v1/swagger.json", "/swagger/index.html"];

    /// <summary>Rules a handler enforces beyond its endpoint's policy, keyed by endpoint name and caller: the answer, a body
    /// valid enough to get past validation to the rule, and the reason. Keep this short: a rule about who may call belongs
    /// in a policy, next to the endpoint, where this test sees it.</summary>
    private static readonly IReadOnlyDictionary<(string Endpoint, string Caller), (string Expected, string Body, string Why)> HandlerRules =
        new Dictionary<(string, string), (string, string, string)>
        {
            [("ReplyToInquiry", "manager")] = ("403", """{"message":"x"}""",
                "Inquiries.Reply: admins answer and the employee writes again; a manager may read the thread but not reply"),
        };

    [Fact]
    public async Task Every_route_answers_every_kind_of_caller_as_its_policy_declares()
    {
        var routes = RouteTable.Read(fixture.Http);
        var tenant = await fixture.CreateTenantAsync();
        var clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = fixture.Http.Client(),
            ["api_key"] = await ApiKeyClientAsync(fixture, tenant),
            ["employee"] = fixture.Http.Client(tenant, "employee"),
            ["manager"] = fixture.Http.Client(tenant, "manager"),
            ["admin"] = fixture.Http.Client(tenant, "admin"),
            ["partner"] = await fixture.Http.PartnerClientAsync(),
            [RouteTable.TwoCredentials] = await ApiKeyClientAsync(fixture, tenant),
        };
        clients[RouteTable.TwoCredentials].DefaultRequestHeaders.Authorization =
            new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await fixture.Http.UserTokenAsync(await fixture.CreateTenantAsync(), "admin"));
        var failures = new List<string>();
        var checkedCalls = 0;
        try
        {
            foreach (var route in routes)
            {
                var anonymousByDesign = AnonymousByDesign.Keys.Any(prefix => IsUnder(route.Pattern, prefix));
                if (route.AllowsAnonymous && !anonymousByDesign)
                {
                    failures.Add($"{route.Display}: allows anonymous callers, but its path is not under a prefix of {nameof(AnonymousByDesign)}");
                    continue;
                }
                if (!route.AllowsAnonymous && route.Policies.Count == 0)
                {
                    failures.Add($"{route.Display}: names no policy (only the fallback policy applies); add .RequireAuthorization(Policies.X) or .AllowAnonymous()");
                    continue;
                }
                if (!route.AllowsAnonymous && RouteTable.Expect(route.Policies, "admin").Unknown is { } unknown)
                {
                    failures.Add($"{route.Display}: policy '{unknown}' is unknown to the test; add who it lets in to {nameof(RouteTable)}.{nameof(RouteTable.PolicyCallers)}");
                    continue;
                }
                var path = route.Fill(RouteTable.Placeholder);
                foreach (var caller in RouteTable.Callers)
                {
                    var handlerRule = HandlerRules.TryGetValue((route.Name, caller), out var rule) ? rule : default;
                    var expected = route.AllowsAnonymous ? "any" : handlerRule.Expected ?? RouteTable.Expect(route.Policies, caller).Expected!;
                    using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
                    if (route.Method is "POST" or "PUT" or "PATCH")
                    {
                        // An empty document of the type the endpoint declares: enough for the router to pick the endpoint.
                        var contentType = route.ContentType ?? "application/json";
                        request.Content = new StringContent(handlerRule.Body ?? (contentType.EndsWith("json", StringComparison.Ordinal) ? "{}" : ""), Encoding.UTF8);
                        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
                    }
                    using var response = await clients[caller].SendAsync(request);
                    checkedCalls++;
                    var status = (int)response.StatusCode;
                    var ok = status < 500 && expected switch
                    {
                        "any" => true,
                        "allowed" => status is not 401 and not 403,
                        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture) == expected,
                    };
                    if (!ok)
                        failures.Add($"{route.Display} as {caller} [{string.Join(", ", route.Policies)}]: expected {(expected == "any" ? "no 5xx" : expected)}, got {status} "
                            + Shorten(await response.Content.ReadAsStringAsync()));
                }
            }
            foreach (var path in AnonymousMiddlewarePaths)
            {
                using var response = await clients["anonymous"].GetAsync(path);
                checkedCalls++;
                if ((int)response.StatusCode >= 500)
                    failures.Add($"GET {path} as anonymous: expected no 5xx, got {(int)response.StatusCode}");
            }
            foreach (var prefix in AnonymousByDesign.Keys.Where(prefix => !routes.Any(route => IsUnder(route.Pattern, prefix))))
                failures.Add($"{nameof(AnonymousByDesign)} lists '{prefix}', which no route is under any more; remove it");
        }
        finally
        {
            foreach (var client in clients.Values)
                client.Dispose();
        }

        output.WriteLine($"{routes.Count} routes ({routes.Count(r => r.AllowsAnonymous)} anonymous by design), {checkedCalls} calls:\n"
            + string.Join('\n', routes.Select(r => $"{r.Display} [{(r.AllowsAnonymous ? "anonymous" : string.Join(", ", r.Policies))}]")));
        Assert.True(routes.Count(r => r.Pattern.StartsWith("/api/v1/", StringComparison.Ordinal)) > 50, "The route table looks empty: " + routes.Count);
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedCalls} route × caller checks failed:\n" + string.Join('\n', failures));
    }

    [Fact]
    public void The_policy_map_names_every_policy_of_the_app_and_nothing_else()
    {
        var declared = typeof(Saas.Api.Infrastructure.Auth.Policies).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).Order().ToList();
        Assert.Equal(declared, RouteTable.PolicyCallers.Keys.Order().ToList());
    }

    /// <summary>The matrix above follows each endpoint's own metadata, so it cannot notice an endpoint whose policy was
    /// weakened. This pins who may call what: a change to any route's policies (or a new route) fails here until
    /// <c>route-policies.txt</c> is updated in the same commit, where a reviewer sees it.</summary>
    [Fact]
    public void Every_routes_policies_are_the_reviewed_ones_in_route_policies_txt()
    {
        var actual = RouteTable.Read(fixture.Http)
            .Select(r => $"{r.Method} {r.Pattern} -> {(r.AllowsAnonymous ? "anonymous" : string.Join(" + ", r.Policies.Order(StringComparer.Ordinal)))}")
            .Order(StringComparer.Ordinal).ToList();
        var file = Path.Combine(SourceFolder(), "route-policies.txt");
        var reviewed = File.Exists(file) ? File.ReadAllLines(file).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList() : [];

        var added = actual.Except(reviewed).ToList();
        var removed = reviewed.Except(actual).ToList();
        Assert.True(added.Count == 0 && removed.Count == 0,
            $"Routes and policies differ from {file}. If intended, put these lines in it:\n+ {string.Join("\n+ ", added)}\n" +
            $"and take these out:\n- {string.Join("\n- ", removed)}");
    }

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static bool IsUnder(string pattern, string prefix) =>
        pattern == prefix || pattern.StartsWith(prefix + "/", StringComparison.Ordinal);

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";

    /// <summary>An integration's client: an API key of the tenant with both actuals scopes.</summary>
    public static async Task<HttpClient> ApiKeyClientAsync(ApiFixture fixture, Guid tenant)
    {
        using var admin = fixture.Http.Client(tenant);
        var created = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "CRM", scopes = new[] { "actuals:write", "actuals:read" } }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var client = fixture.Http.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", created.GetProperty("key").GetString());
        return client;
    }
}

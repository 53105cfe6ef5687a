using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Saas.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Saas.Api.Tests.Quality;

/// <summary>Every tenant route that names a resource in its path, called by another tenant with that resource's real id:
/// the answer is 404 problem+json (another tenant's resource is not confirmed to exist, DESIGN.md), and the resource is
/// unchanged for its owner afterwards. The routes come from the app's route table; a route with a path parameter that the
/// tables below do not know fails the test, so a new resource route cannot be forgotten.</summary>
public class RouteIsolationTests(ApiFixture fixture, ITestOutputHelper output) : IClassFixture<ApiFixture>
{
    /// <summary>Route prefixes outside tenant isolation, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> OutOfScope = new Dictionary<string, string>
    {
        ["/api/v1/partner"] = "partner routes: the caller is a partner client, not a tenant; partners are kept apart by PartnerTests",
        ["/connect"] = "token service (OAuth 2): clients and codes, no tenant resources in the path",
        ["/api/v1/auth"] = "activation by a token in the body, before the user has a tenant session",
        ["/problems"] = "public documentation of problem types; {name} is a problem type, not tenant data",
        ["/health"] = "probes",
    };

    /// <summary>Path parameters that name no resource of a tenant, by route prefix, with the reason: the caller acts on
    /// its own tenant whatever the value, so there is nothing of another tenant's to reach.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotResources = new Dictionary<string, string>
    {
        ["/api/v1/periods/{period}"] = "a period (2026-11) is a calendar name; calculations, payroll and locks act on the caller's own tenant's period",
    };

    private const string PlanDocument = """
        {"name":"Isolation","currency":"RUB","periods":["2026-11"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":30000},
         "components":[{"kind":"attainment","id":"deals","metric":"deals_won","target":4,"weight":1}]}]}
        """;

    /// <summary>How to make, in a tenant and through the public API, the resource that a route prefix names, and how its
    /// owner reads it (the reads are compared before and after the other tenant's call; the first one's ETag is sent as
    /// If-Match, so that a conditional write has nothing to object to but the id).</summary>
    private static readonly IReadOnlyDictionary<string, Resource> Resources = new Dictionary<string, Resource>
    {
        ["/api/v1/teams/{id}"] = new(async owner => Ids(("id", await CreateAsync(owner.Admin, "/api/v1/teams",
            new { name = "A team " + Suffix(), department = "sales" }))), ["/api/v1/teams/{id}"]),
        ["/api/v1/employees/{id}"] = new(async owner => Ids(("id", await CreateAsync(owner.Admin, "/api/v1/employees",
            new { fullName = "A employee", role = "sales_manager", baseSalary = 1000m, email = $"a-{Suffix()}@example.com" }))), ["/api/v1/employees/{id}"]),
        ["/api/v1/plans/{id}"] = new(async owner => Ids(("id", await CreateAsync(owner.Admin, "/api/v1/plans", JsonDocument.Parse(PlanDocument).RootElement))),
            ["/api/v1/plans/{id}"]),
        ["/api/v1/users/{id}"] = new(async owner => Ids(("id", await CreateAsync(owner.Admin, "/api/v1/users",
            new { email = $"invited-{Suffix()}@example.com", fullName = "Invited", role = "employee" }))), ["/api/v1/users/{id}"]),
        ["/api/v1/api-keys/{id}"] = new(async owner => Ids(("id", await CreateAsync(owner.Admin, "/api/v1/api-keys",
            new { name = "A key", scopes = new[] { "actuals:read" } }))), ["/api/v1/api-keys?includeRevoked=true&limit=100 #{id}"]),
        ["/api/v1/webhooks/{id}"] = new(async owner => Ids(("id", await CreateAsync(owner.Admin, "/api/v1/webhooks",
            new { url = "https://hooks.example.com/a", events = new[] { "sla.breached" } }))), ["/api/v1/webhooks/{id}", "/api/v1/webhooks/{id}/deliveries"]),
        ["/api/v1/actuals/leads/{leadId}"] = new(async owner =>
        {
            var leadId = "L-" + Suffix();
            await (await owner.Admin.PostAsJsonAsync("/api/v1/actuals/events", new
            {
                events = new[] { new { source = "amocrm", externalId = "c-" + leadId, type = "lead.created", occurredAt = "2026-11-02T10:00:00+03:00", leadId, channel = "seo" } },
            })).AssertStatusAsync(HttpStatusCode.OK);
            return Ids(("leadId", leadId));
        }, ["/api/v1/actuals/leads/{leadId}"]),
        ["/api/v1/assistant/conversations/{id}"] = new(async owner => Ids(("id", await CreateAsync(owner.Admin, "/api/v1/assistant/conversations",
            new { message = "У нас два маркетолога и три менеджера по продажам." }))), ["/api/v1/assistant/conversations/{id}"]),
        ["/api/v1/jobs/{id}"] = new(async owner => Ids(("id", (await owner.CalculatedAsync()).Job)), ["/api/v1/jobs/{id}"]),
        ["/api/v1/me/statements/{id}"] = new(async owner => Ids(("id", (await owner.CalculatedAsync()).Statement)), ["/api/v1/statements/{id}"]),
        ["/api/v1/statements/{id}"] = new(async owner => Ids(("id", (await owner.CalculatedAsync()).Statement)),
            ["/api/v1/statements/{id}", "/api/v1/statements/{id}/inquiries"]),
        ["/api/v1/statements/{id}/inquiries/{inquiryId}"] = new(async owner =>
        {
            var statement = (await owner.CalculatedAsync()).Statement;
            var inquiry = await CreateAsync(owner.Admin, $"/api/v1/statements/{statement}/inquiries", new { message = "Why this amount?" });
            return Ids(("id", statement), ("inquiryId", inquiry));
        }, ["/api/v1/statements/{id}/inquiries"]),
    };

    /// <summary>What the other tenant sends besides the path: a query string and a body good enough that only the id can
    /// be wrong. Every POST, PUT and PATCH route with an id needs its line (null body: the route takes none).</summary>
    private static readonly IReadOnlyDictionary<string, (string Query, string? Body)> Requests = new Dictionary<string, (string, string?)>
    {
        ["PATCH /api/v1/teams/{id}"] = ("", """{"name":"Renamed by another tenant","department":"marketing"}"""),
        ["PUT /api/v1/employees/{id}"] = ("", """{"fullName":"Replaced by another tenant","role":"sales_manager","baseSalary":2000}"""),
        ["POST /api/v1/employees/{id}/reactivate"] = ("", null),
        ["PUT /api/v1/plans/{id}"] = ("", PlanDocument.Replace("\"Isolation\"", "\"Replaced by another tenant\"", StringComparison.Ordinal)),
        ["POST /api/v1/plans/{id}/copy"] = ("", null),
        ["POST /api/v1/plans/{id}/activate"] = ("", """{"effectiveFrom":"2026-11-01"}"""),
        ["POST /api/v1/plans/{id}/simulate"] = ("", """{"period":"2026-11","actuals":[{"role":"sales_manager","metrics":{"deals_won":3}}]}"""),
        ["POST /api/v1/plans/{id}/review"] = ("?period=2026-11", """{"subjects":[{"role":"sales_manager","metrics":{"deals_won":3}}],"createDraft":true}"""),
        ["PATCH /api/v1/users/{id}"] = ("", """{"fullName":"Renamed by another tenant","role":"admin"}"""),
        ["POST /api/v1/users/{id}/activation-token"] = ("", null),
        ["PATCH /api/v1/webhooks/{id}"] = ("", """{"url":"https://hooks.example.com/b","active":false}"""),
        ["POST /api/v1/assistant/conversations/{id}/messages"] = ("", """{"message":"подними переменную часть менеджерам по продажам до 50%"}"""),
        ["POST /api/v1/assistant/conversations/{id}/accept"] = ("", """{"teamName":"Accepted by another tenant"}"""),
        ["POST /api/v1/statements/{id}/approve"] = ("", null),
        ["POST /api/v1/statements/{id}/adjustments"] = ("", """{"amount":1000,"reason":"Added by another tenant"}"""),
        ["POST /api/v1/statements/{id}/inquiries"] = ("", """{"message":"Asked by another tenant"}"""),
        ["POST /api/v1/statements/{id}/inquiries/{inquiryId}/replies"] = ("", """{"message":"Answered by another tenant"}"""),
    };

    [Fact]
    public void Every_tenant_route_with_a_path_parameter_has_a_resource_and_a_request_declared()
    {
        var routes = RouteTable.Read(fixture.Http);
        var failures = new List<string>();
        output.WriteLine("Not resources: " + string.Join(", ", TenantRoutesWithParameters(routes)
            .Where(route => EntryFor(route) is { } entry && NotResources.ContainsKey(entry)).Select(route => route.Display)));
        output.WriteLine("Out of scope: " + string.Join(", ", routes.Where(route => route.Parameters.Count > 0 && !TenantRoutesWithParameters([route]).Any())
            .Select(route => route.Display)));
        foreach (var route in TenantRoutesWithParameters(routes))
        {
            if (EntryFor(route) is null)
                failures.Add($"{route.Display}: no entry in {nameof(Resources)} (how to create what {{{string.Join("}, {", route.Parameters.Select(p => p.Name))}}} names) "
                    + $"nor in {nameof(NotResources)}");
            else if (Resources.ContainsKey(EntryFor(route)!) && route.Method is "POST" or "PUT" or "PATCH" && !Requests.ContainsKey(Key(route)))
                failures.Add($"{route.Display}: no line in {nameof(Requests)} with a plausible body for it");
        }
        var used = TenantRoutesWithParameters(routes).Select(EntryFor).ToHashSet();
        failures.AddRange(Resources.Keys.Concat(NotResources.Keys).Where(key => !used.Contains(key)).Select(key => $"'{key}' matches no route any more; remove it"));
        failures.AddRange(Requests.Keys.Where(key => !routes.Any(route => Key(route) == key)).Select(key => $"{nameof(Requests)} has '{key}', which is no route any more"));
        failures.AddRange(OutOfScope.Keys.Where(prefix => !routes.Any(route => IsUnder(route.Pattern, prefix))).Select(prefix => $"{nameof(OutOfScope)} has '{prefix}', under which there is no route"));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <param name="samePerson">The other tenant's admin is also a user of the owning tenant (one person, two companies):
    /// the token of one membership reaches nothing of the other.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Another_tenant_gets_404_on_every_route_with_an_id_and_changes_nothing(bool samePerson)
    {
        var routes = TenantRoutesWithParameters(RouteTable.Read(fixture.Http)).Where(route => EntryFor(route) is { } entry && Resources.ContainsKey(entry)).ToList();
        Assert.NotEmpty(routes);
        var ownerId = await fixture.CreateTenantAsync();
        string? person = null;
        if (samePerson)
        {
            person = $"consultant-{Suffix()}@example.com";
            await fixture.Http.UserTokenAsync(ownerId, "employee", email: person);
        }
        await using var owner = new Tenant(fixture, ownerId);
        await using var stranger = new Tenant(fixture, await fixture.CreateTenantAsync(), person);
        var created = new Dictionary<string, Dictionary<string, string>>();
        var failures = new List<string>();

        foreach (var route in routes)
        {
            var entry = EntryFor(route)!;
            var resource = Resources[entry];
            if (!created.TryGetValue(entry, out var ids))
                created[entry] = ids = await resource.Create(owner);
            var path = route.Fill(parameter => ids[parameter.Name]);
            var before = await SnapshotAsync(owner.Admin, resource, ids);

            // The owner reaches it: the ids are right and the route really reads this resource.
            if (route.Method == "GET")
            {
                var reader = IsUnder(route.Pattern, "/api/v1/me") ? await owner.EmployeeAsync() : owner.Admin;
                using var own = await reader.GetAsync(path + Requests.GetValueOrDefault(Key(route)).Query);
                if (!own.IsSuccessStatusCode)
                    failures.Add($"{route.Display}: the owning tenant itself gets {(int)own.StatusCode}, so the check below proves nothing");
            }

            var (query, body) = Requests.GetValueOrDefault(Key(route));
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), path + query);
            if (body is not null)
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            if (route.Method != "GET" && before.ETag is { } etag)
                request.Headers.TryAddWithoutValidation("If-Match", etag);
            using var response = await (await stranger.ClientForAsync(route)).SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.NotFound || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{route.Display} by another tenant: expected 404 application/problem+json, got {(int)response.StatusCode} "
                    + $"{response.Content.Headers.ContentType?.MediaType} {Shorten(answer)}");

            var after = await SnapshotAsync(owner.Admin, resource, ids);
            if (after != before)
                failures.Add($"{route.Display} by another tenant changed the owner's resource:\n  before {Shorten(before.ToString())}\n  after  {Shorten(after.ToString())}");
        }

        output.WriteLine($"{routes.Count} routes called by another tenant:\n" + string.Join('\n', routes.Select(route => route.Display)));
        Assert.True(failures.Count == 0, $"{failures.Count} of {routes.Count} routes failed:\n" + string.Join('\n', failures));
    }

    private static IEnumerable<ApiRoute> TenantRoutesWithParameters(IEnumerable<ApiRoute> routes) =>
        routes.Where(route => route.Parameters.Count > 0 && !OutOfScope.Keys.Any(prefix => IsUnder(route.Pattern, prefix)));

    /// <summary>The entry of <see cref="Resources"/> or <see cref="NotResources"/> that the route lies under and that names
    /// all of the route's parameters (so <c>/statements/{id}/inquiries</c> is a statement's route, and
    /// <c>/statements/{id}/inquiries/{inquiryId}/replies</c> an inquiry's).</summary>
    private static string? EntryFor(ApiRoute route) =>
        Resources.Keys.Concat(NotResources.Keys)
            .SingleOrDefault(key => IsUnder(route.Pattern, key) && key.Count(c => c == '{') == route.Parameters.Count);

    private static string Key(ApiRoute route) => route.Method + " " + route.Pattern;

    private static bool IsUnder(string pattern, string prefix) =>
        pattern == prefix || pattern.StartsWith(prefix + "/", StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    private static Dictionary<string, string> Ids(params (string Name, object Value)[] ids) =>
        ids.ToDictionary(id => id.Name, id => Convert.ToString(id.Value, System.Globalization.CultureInfo.InvariantCulture)!);

    private static async Task<Guid> CreateAsync(HttpClient client, string path, object body) =>
        (await (await client.PostAsJsonAsync(path, body)).AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>The owner's reads of the resource; a read written <c>list #{id}</c> picks the item with that id out of a list.</summary>
    private static async Task<Snapshot> SnapshotAsync(HttpClient owner, Resource resource, Dictionary<string, string> ids)
    {
        var bodies = new StringBuilder();
        string? etag = null;
        foreach (var template in resource.Reads)
        {
            var read = ids.Aggregate(template, (text, id) => text.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));
            var (path, pick) = read.Split(" #") is [var p, var item] ? (p, item) : (read, null);
            using var response = await owner.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            etag ??= response.Headers.ETag?.ToString();
            if (pick is not null && response.IsSuccessStatusCode)
                body = JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray()
                    .FirstOrDefault(item => item.GetProperty("id").GetString() == pick) is { ValueKind: JsonValueKind.Object } found ? found.GetRawText() : "(missing)";
            bodies.Append((int)response.StatusCode).Append(' ').Append(body).Append('\n');
        }
        return new Snapshot(bodies.ToString(), etag);
    }

    private sealed record Snapshot(string Reads, string? ETag)
    {
        public override string ToString() => Reads;
    }

    private sealed record Resource(Func<Tenant, Task<Dictionary<string, string>>> Create, string[] Reads);

    /// <summary>A tenant with its admin (of a given e-mail, if any), an API key client (for routes an admin may not call), and, made once on first
    /// use, a calculated period: a sales manager under an active plan, the calculation job and the statement it made.</summary>
    private sealed class Tenant(ApiFixture fixture, Guid id, string? adminEmail = null) : IAsyncDisposable
    {
        private (Guid Job, Guid Statement)? _calculated;
        private Guid _employee;
        private HttpClient? _apiKey;
        private HttpClient? _employeeClient;

        public HttpClient Admin { get; } = fixture.Http.Client(id, email: adminEmail);

        public async Task<HttpClient> ClientForAsync(ApiRoute route)
        {
            if (RouteTable.Expect(route.Policies, "admin").Expected == "allowed")
                return Admin;
            if (RouteTable.Expect(route.Policies, "api_key").Expected == "allowed")
                return _apiKey ??= await AuthorizationMatrixTests.ApiKeyClientAsync(fixture, id);
            throw new InvalidOperationException($"{route.Display}: neither an admin nor an API key may call it; teach {nameof(Tenant)} who may.");
        }

        /// <summary>The calculated period's sales manager, signed in: who "/me/…" routes answer for.</summary>
        public async Task<HttpClient> EmployeeAsync()
        {
            await CalculatedAsync();
            return _employeeClient ??= fixture.Http.Client(id, "employee", _employee);
        }

        public async Task<(Guid Job, Guid Statement)> CalculatedAsync()
        {
            if (_calculated is { } done)
                return done;
            var employee = await CreateAsync(Admin, "/api/v1/employees", new { fullName = "Calculated", role = "sales_manager", baseSalary = 1000m });
            _employee = employee;
            var plan = await CreateAsync(Admin, "/api/v1/plans", JsonDocument.Parse(PlanDocument).RootElement);
            await (await Admin.PostAsJsonAsync($"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-11-01" })).AssertStatusAsync(HttpStatusCode.OK);
            var started = await Admin.PostAsync("/api/v1/periods/2026-11/calculations", null);
            var job = (await started.AssertStatusAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
            for (var attempt = 0; ; attempt++)
            {
                var state = await (await Admin.GetAsync($"/api/v1/jobs/{job}")).AssertStatusAsync(HttpStatusCode.OK);
                if (state.GetProperty("status").GetString() == "succeeded")
                    break;
                Assert.True(state.GetProperty("status").GetString() != "failed" && attempt < 150, "The calculation did not succeed: " + state);
                await Task.Delay(200);
            }
            var statements = await (await Admin.GetAsync($"/api/v1/statements?period=2026-11&employeeId={employee}")).AssertStatusAsync(HttpStatusCode.OK);
            var statement = statements.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid();
            _calculated = (job, statement);
            return (job, statement);
        }

        public ValueTask DisposeAsync()
        {
            Admin.Dispose();
            _apiKey?.Dispose();
            _employeeClient?.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

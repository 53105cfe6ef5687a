using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Quality;

/// <summary>What the whole run shares: read once from the live API.</summary>
public sealed record FuzzFacts(IReadOnlyList<string> Metrics, IReadOnlyList<string> ProblemNames, IReadOnlyList<string> Roles);

/// <summary>One fresh tenant per operation, with the callers that operation takes and the resources its path names,
/// so that whatever the fuzzer does there (suspend the tenant, delete a key, approve a statement) cannot disturb
/// another operation's run.</summary>
public sealed class FuzzWorld : IAsyncDisposable
{
    private const string Period = "2026-11";
    /// <summary>A plan document the API accepts; also the seed of the plan operations' valid cases, whose rules (weights
    /// that add up, targets within a metric's range, ids that refer to each other) random documents rarely keep.</summary>
    public const string PlanDocument = """
        {"name":"Fuzz plan","currency":"RUB","periods":["2026-11","2026-12"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":30000},
         "components":[{"kind":"attainment","id":"deals","metric":"deals_won","target":4,"weight":0.5},
                       {"kind":"attainment","id":"revenue","metric":"revenue","target":1000000,"weight":0.5}]}]}
        """;

    private readonly ITestApi _api;
    private readonly OperationSpec _operation;
    private readonly Dictionary<string, string> _ids = [];
    private readonly List<HttpClient> _clients = [];
    private HttpClient _admin = null!;
    private HttpClient? _user;
    private HttpClient? _partner;
    private HttpClient? _apiKey;
    private HttpClient? _anonymous;

    private FuzzWorld(ITestApi api, OperationSpec operation, FuzzFacts facts)
    {
        _api = api;
        _operation = operation;
        Facts = facts;
    }

    public FuzzFacts Facts { get; }

    public IReadOnlyList<string> Metrics => Facts.Metrics;

    public IReadOnlyList<string> Roles => Facts.Roles;

    public Guid Tenant { get; private set; }

    public Guid? TeamId { get; private set; }

    public Guid? EmployeeId { get; private set; }

    /// <summary>An invited user's one-time token, for the activation operation.</summary>
    public string? ActivationToken { get; private set; }

    /// <summary>Steps of the set-up that failed; the run reports them as failures of the operation.</summary>
    public List<string> SetupErrors { get; } = [];

    public static async Task<FuzzWorld> CreateAsync(ITestApi api, OperationSpec operation, FuzzFacts facts)
    {
        var world = new FuzzWorld(api, operation, facts);
        await world.SeedAsync();
        return world;
    }

    private async Task SeedAsync()
    {
        Tenant = await _api.CreateTenantAsync();
        _admin = Track(Bearer(await _api.UserTokenAsync(Tenant, "admin")));
        TeamId = Guid.Parse(await CreateAsync("teams"));
        EmployeeId = Guid.Parse(await CreateAsync("employees"));
        var path = _operation.Path;
        // "/me/…" answers for the caller's own employee: an admin who is also that employee.
        _user = path.StartsWith("/api/v1/me/", StringComparison.Ordinal)
            ? Track(Bearer(await _api.UserTokenAsync(Tenant, "admin", EmployeeId)))
            : _admin;
        if (_operation.Credential == Credential.Partner)
            _partner = Track(await _api.PartnerClientAsync());
        if (_operation.Credential is Credential.ApiKey or Credential.UserOrApiKey)
        {
            var created = await PostAsync("/api/v1/api-keys", """{"name":"Fuzz key","scopes":["actuals:write","actuals:read"]}""");
            _apiKey = Track(_api.Client());
            _apiKey.DefaultRequestHeaders.Add("X-Api-Key", created.GetProperty("key").GetString());
        }
        if (path.StartsWith("/api/v1/actuals", StringComparison.Ordinal) || path.Contains("/reports/", StringComparison.Ordinal)
            || path.Contains("/sla/", StringComparison.Ordinal))
            await PostAsync("/api/v1/actuals/events", $$"""
                {"events":[{"source":"amocrm","externalId":"seed-1","type":"lead.created","occurredAt":"2026-11-02T10:00:00+03:00","leadId":"L1","channel":"seo"},
                           {"source":"amocrm","externalId":"seed-2","type":"lead.assigned","occurredAt":"2026-11-02T10:00:00+03:00","leadId":"L1","employeeId":"{{EmployeeId}}"}]}
                """);
        if (path == "/api/v1/auth/activate")
            ActivationToken = (await PostAsync("/api/v1/users", """{"email":"invited@example.com","fullName":"Invited","role":"employee"}"""))
                .GetProperty("activationToken").GetString();
        foreach (var parameter in _operation.In("path"))
            if (Kind(parameter.Name) is { } kind)
                _ids[kind] = await CreateAsync(kind);
    }

    /// <summary>A hand-written body the operation accepts, for schemas whose rules generation rarely satisfies.</summary>
    public string? SeedBody() =>
        _operation.Body?.Schema is { ValueKind: JsonValueKind.Object } schema && schema.TryGetProperty("$ref", out var reference)
            && reference.GetString()!.EndsWith("/PlanDocument", StringComparison.Ordinal)
            ? PlanDocument
            : null;

    /// <summary>The client for the operation's credential; an operation that takes a user or an API key gets each in turn.</summary>
    public HttpClient ClientFor(int caseIndex) => _operation.Credential switch
    {
        Credential.Anonymous => _anonymous ??= Track(_api.Client()),
        Credential.Partner => _partner!,
        Credential.ApiKey => _apiKey!,
        Credential.UserOrApiKey => caseIndex % 2 == 0 ? _user! : _apiKey!,
        _ => _user!,
    };

    /// <summary>The value of a path parameter that names a resource existing in this tenant (or a fresh one, for
    /// operations that use theirs up).</summary>
    public async Task<string> PathValueAsync(string name, bool fresh) =>
        Kind(name) is { } kind ? fresh && CanCreateFresh(kind) ? await CreateAsync(kind) : _ids[kind] : "x";

    private static bool CanCreateFresh(string kind) => kind is not ("statements" or "inquiries" or "partner-tenants");

    /// <summary>Which kind of resource a path parameter names in this operation.</summary>
    private string? Kind(string parameter)
    {
        var segments = _operation.Path.Split('/');
        var at = Array.IndexOf(segments, "{" + parameter + "}");
        return parameter switch
        {
            "leadId" => "leads",
            "period" => "periods",
            "name" => "problems",
            "inquiryId" => "inquiries",
            _ when at > 0 && segments[at - 1] == "tenants" => "partner-tenants",
            _ when at > 0 => segments[at - 1],
            _ => null,
        };
    }

    private async Task<string> CreateAsync(string kind)
    {
        var n = Guid.NewGuid().ToString("N")[..8];
        switch (kind)
        {
            case "teams":
                return Id(await PostAsync("/api/v1/teams", $$"""{"name":"Team {{n}}","department":"sales"}"""));
            case "employees":
                // The first employee answers to amocrm id 1001, as generated events name it.
                var external = EmployeeId is null ? "1001" : n;
                return Id(await PostAsync("/api/v1/employees",
                    $$$"""{"fullName":"Анна {{{n}}}","email":"anna-{{{n}}}@example.com","role":"sales_manager","baseSalary":100000,"externalIds":{"amocrm":"{{{external}}}"}}"""));
            case "plans":
                return Id(await PostAsync("/api/v1/plans", PlanDocument));
            case "users":
                return Id(await PostAsync("/api/v1/users", $$"""{"email":"user-{{n}}@example.com","fullName":"User {{n}}","role":"employee"}"""));
            case "webhooks":
                return Id(await PostAsync("/api/v1/webhooks", """{"url":"https://hooks.example.com/fuzz","events":["plan.activated"]}"""));
            case "conversations":
                return Id(await PostAsync("/api/v1/assistant/conversations",
                    """{"message":"У нас два маркетолога, один SMM-специалист и три менеджера по продажам. Хотим увеличить CR с 15% до 20% за 3 месяца."}"""));
            case "api-keys":
                return Id(await PostAsync("/api/v1/api-keys", """{"name":"Spare key","scopes":["actuals:read"]}"""));
            case "partner-tenants":
                return Tenant.ToString();
            case "jobs":
                return Id(await PostAsync($"/api/v1/periods/{Period}/calculations", null));
            case "statements":
                return await StatementAsync();
            case "inquiries":
                return Id(await PostAsync($"/api/v1/statements/{_ids.GetValueOrDefault("statements") ?? await StatementAsync()}/inquiries",
                    """{"message":"Why is this line zero?"}"""));
            case "leads":
                return "L1";
            case "periods":
                return Period;
            case "problems":
                return Facts.ProblemNames[0];
            default:
                throw new InvalidOperationException($"No seed for '{kind}'.");
        }
    }

    /// <summary>A calculated statement of the seeded employee: an active plan, a won deal, and a finished calculation.</summary>
    private async Task<string> StatementAsync()
    {
        if (_ids.TryGetValue("statements", out var existing))
            return existing;
        var plan = Id(await PostAsync("/api/v1/plans", PlanDocument));
        await PostAsync($"/api/v1/plans/{plan}/activate", """{"effectiveFrom":"2026-11-01"}""");
        await PostAsync("/api/v1/actuals/events", $$"""
            {"events":[{"source":"amocrm","externalId":"won-1","type":"deal.won","occurredAt":"2026-11-10T15:00:00+03:00","leadId":"L9","dealId":"D9","amount":600000,"currency":"RUB","employeeId":"{{EmployeeId}}"}]}
            """);
        var job = Id(await PostAsync($"/api/v1/periods/{Period}/calculations", null));
        // Up to a minute: four operations are fuzzed at once on a 2-core machine.
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var state = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{job}");
            if (state.GetProperty("status").GetString() is "succeeded" or "failed")
                break;
            await Task.Delay(100);
        }
        var page = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/statements?period={Period}");
        var items = page.GetProperty("items");
        if (items.GetArrayLength() == 0)
        {
            SetupErrors.Add("setup: the calculation produced no statement");
            return Guid.Empty.ToString();
        }
        return _ids["statements"] = Id(items[0]);
    }

    private async Task<JsonElement> PostAsync(string url, string? json)
    {
        var response = await _admin.PostAsync(url, json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            SetupErrors.Add($"setup: POST {url} -> {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
            return JsonDocument.Parse("""{"id":"00000000-0000-0000-0000-000000000000","key":"none"}""").RootElement;
        }
        return JsonDocument.Parse(body).RootElement;
    }

    private static string Id(JsonElement created) => created.GetProperty("id").GetString()!;

    private HttpClient Bearer(string token)
    {
        var client = _api.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
            client.Dispose();
        return ValueTask.CompletedTask;
    }
}

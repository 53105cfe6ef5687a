using System.Net;
using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.OpenApi;

public class OpenApiDocumentTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private async Task<string> DocumentAsync() => (await fixture.Host.Scenario(s => s.Get.Url("/swagger/v1/swagger.json"))).ReadAsText();

    [Fact]
    public async Task Is_a_valid_openapi_3_document()
    {
        var json = await DocumentAsync();

        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());

        Assert.Empty(result.Diagnostic?.Errors ?? []);
        Assert.StartsWith("3.", JsonDocument.Parse(json).RootElement.GetProperty("openapi").GetString());
        Assert.NotNull(result.Document);
        Assert.NotEmpty(result.Document!.Paths);
    }

    [Fact]
    public async Task Declares_oauth2_with_client_credentials_and_authorization_code_and_the_api_key_header()
    {
        var schemes = JsonDocument.Parse(await DocumentAsync()).RootElement.GetProperty("components").GetProperty("securitySchemes");

        var flows = schemes.GetProperty("oauth2").GetProperty("flows");
        Assert.Equal("/connect/token", flows.GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
        Assert.Equal("/connect/authorize", flows.GetProperty("authorizationCode").GetProperty("authorizationUrl").GetString());
        var apiKey = schemes.GetProperty("apiKey");
        Assert.Equal("apiKey", apiKey.GetProperty("type").GetString());
        Assert.Equal("header", apiKey.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", apiKey.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Every_operation_documents_problem_responses()
    {
        var paths = JsonDocument.Parse(await DocumentAsync()).RootElement.GetProperty("paths");
        var operations = 0;
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("500", out var internalError), $"{operation.Name} {path.Name}: no 500");
                Assert.True(internalError.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{operation.Name} {path.Name}: 500 is not a problem");
                if (path.Name.Contains('{'))
                    Assert.True(responses.TryGetProperty("404", out _), $"{operation.Name} {path.Name}: no 404");
                var secured = operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;
                if (secured)
                    Assert.True(responses.TryGetProperty("401", out _), $"{operation.Name} {path.Name}: no 401");
                // Everything under /api/v1 needs credentials, except activation (the token is the credential); a public
                // operation says so with an empty requirement.
                if (path.Name.StartsWith("/api/v1/", StringComparison.Ordinal) && path.Name != "/api/v1/auth/activate")
                    Assert.True(secured, $"{operation.Name} {path.Name}: no security requirement");
                else
                    Assert.True(operation.Value.TryGetProperty("security", out _), $"{operation.Name} {path.Name}: a public operation must declare security: []");
            }
        }
        Assert.True(operations >= 5);
    }

    [Fact]
    public async Task Serves_swagger_ui()
    {
        var page = await fixture.Host.Scenario(s => s.Get.Url("/swagger/index.html"));
        Assert.Contains("swagger-ui", page.ReadAsText());
        // Swagger UI's redirect from its prefix, which only requests under /swagger reach.
        foreach (var prefix in new[] { "/swagger", "/swagger/", "/Swagger" })
        {
            var redirect = await fixture.Host.Scenario(s =>
            {
                s.Get.Url(prefix);
                s.StatusCodeShouldBe(HttpStatusCode.MovedPermanently);
            });
            Assert.EndsWith("index.html", redirect.Context.Response.Headers.Location.ToString());
        }
    }

    [Fact]
    public async Task Plan_components_are_a_oneOf_on_kind_and_every_kinds_example_makes_a_valid_plan()
    {
        var schemas = JsonDocument.Parse(await DocumentAsync()).RootElement.GetProperty("components").GetProperty("schemas");
        var component = schemas.GetProperty("Component");
        Assert.Equal("kind", component.GetProperty("discriminator").GetProperty("propertyName").GetString());
        var mapping = component.GetProperty("discriminator").GetProperty("mapping").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(["attainment", "gate", "growth", "multiplier", "per_unit", "share", "spif", "step", "team"], mapping.Keys.Order());

        var examples = mapping.Select(kind => schemas.GetProperty(kind.Value.Split('/')[^1]).GetProperty("example")).ToList();
        Assert.All(examples.Zip(mapping.Keys), pair => Assert.Equal(pair.Second, pair.First.GetProperty("kind").GetString()));
        Assert.All(mapping, kind => Assert.Equal(kind.Key,
            schemas.GetProperty(kind.Value.Split('/')[^1]).GetProperty("properties").GetProperty("kind").GetProperty("enum")[0].GetString()));

        // A per-deal share's rules are documented with an example of their own.
        Assert.Equal("contract_months", schemas.GetProperty("DealRule").GetProperty("example").GetProperty("when")[0].GetProperty("attribute").GetString());
        Assert.True(schemas.GetProperty("ShareComponent").GetProperty("properties").TryGetProperty("dealRules", out _));

        // All the examples together make one assignment that the API accepts as a plan.
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var plan = $$"""
            { "name": "Every kind", "currency": "RUB", "periods": ["2026-11"],
              "assignments": [ { "role": "sales_manager", "targetVariablePay": { "amount": 30000 },
                                 "components": [ {{string.Join(", ", examples.Select(e => e.GetRawText()))}} ] } ] }
            """;
        await fixture.Host.Scenario(s =>
        {
            s.As(admin).Post.Text(plan).ToUrl("/api/v1/plans");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
    }

    [Fact]
    public async Task Money_is_decimal_and_response_members_the_api_always_writes_are_required()
    {
        var json = await DocumentAsync();
        Assert.DoesNotContain("\"double\"", json);
        var schemas = JsonDocument.Parse(json).RootElement.GetProperty("components").GetProperty("schemas");
        var salary = schemas.GetProperty("EmployeeResponse").GetProperty("properties").GetProperty("baseSalary");
        Assert.Equal(("number", "decimal"), (salary.GetProperty("type").GetString(), salary.GetProperty("format").GetString()));
        var team = schemas.GetProperty("TeamResponse");
        var required = team.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "id", "name", "department", "positions", "version", "createdAt", "updatedAt" }, required);
        Assert.DoesNotContain("understood", required); // nullable: written as null, never required of a request
    }

    [Fact]
    public async Task String_members_with_a_closed_set_of_values_list_them()
    {
        var document = JsonDocument.Parse(await DocumentAsync()).RootElement;
        var schemas = document.GetProperty("components").GetProperty("schemas");
        string[] Values(JsonElement schema) => schema.GetProperty("enum").EnumerateArray().Select(v => v.GetString()!).ToArray();

        Assert.Contains("sales", Values(schemas.GetProperty("TeamResponse").GetProperty("properties").GetProperty("department")));
        Assert.Contains("sales_manager", Values(schemas.GetProperty("EmployeeFields").GetProperty("properties").GetProperty("role")));
        Assert.Contains("lead.created", Values(schemas.GetProperty("EventInput").GetProperty("properties").GetProperty("type")));
        Assert.Equal(["first_touch", "last_touch", "last_non_direct"], Values(schemas.GetProperty("TenantResponse").GetProperty("properties").GetProperty("attributionModel")));
        Assert.Contains("statement.approved", Values(schemas.GetProperty("WebhookResponse").GetProperty("properties").GetProperty("events").GetProperty("items")));
        var groupBy = document.GetProperty("paths").GetProperty("/api/v1/reports/funnel").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "groupBy");
        Assert.Equal(["channel", "campaign", "hypothesis", "employee"], Values(groupBy.GetProperty("schema")));
    }

    [Fact]
    public async Task The_conversation_resources_have_examples_the_engine_computed()
    {
        var paths = JsonDocument.Parse(await DocumentAsync()).RootElement.GetProperty("paths");
        JsonElement Example(string path, string method, string? status) =>
            (status is null
                ? paths.GetProperty(path).GetProperty(method).GetProperty("requestBody")
                : paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status))
            .GetProperty("content").GetProperty("application/json").GetProperty("example");

        const string conversations = "/api/v1/assistant/conversations";
        Assert.StartsWith("У нас два маркетолога", Example(conversations, "post", null).GetProperty("message").GetString());
        var started = Example(conversations, "post", "201");
        Assert.Equal("ru", started.GetProperty("language").GetString());
        Assert.Equal(3, started.GetProperty("understood").GetProperty("team").GetArrayLength());
        Assert.Equal(3, started.GetProperty("proposal").GetProperty("document").GetProperty("assignments").GetArrayLength());
        Assert.Equal("salary", started.GetProperty("missing")[0].GetProperty("code").GetString());

        var refined = Example(conversations + "/{id}/messages", "post", "200");
        var change = refined.GetProperty("changes")[0];
        Assert.Equal(("sales_manager", "variable_share", 0.5m),
            (change.GetProperty("role").GetString(), change.GetProperty("field").GetString(), change.GetProperty("after").GetDecimal()));
        Assert.False(Example(conversations + "/{id}/messages", "post", null).TryGetProperty("id", out _));
        Assert.Equal("Маркетинг и продажи", Example(conversations + "/{id}/accept", "post", null).GetProperty("teamName").GetString());
    }

    [Fact]
    public async Task The_simulations_example_runs_against_a_commission_plan_and_shows_every_kind_of_statement_line()
    {
        var example = JsonDocument.Parse(await DocumentAsync()).RootElement.GetProperty("paths").GetProperty("/api/v1/plans/{id}/simulate")
            .GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.False(example.TryGetProperty("id", out _));
        Assert.Equal(24, example.GetProperty("actuals")[0].GetProperty("deals")[0].GetProperty("attributes").GetProperty("contract_months").GetInt32());

        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        const string plan = """
            {"name":"Commission","currency":"RUB","periods":["2026-11","2026-12"],"assignments":[{"role":"sales_manager",
             "clawback":{"churnWindowDays":90,"churnShare":0.5},"draw":{"amount":20000,"recoverable":true},
             "components":[{"kind":"share","id":"commission","measure":"revenue","credit":"closed","rate":0.05,"tierBasis":"per_deal",
                "dealRules":[{"when":[{"attribute":"contract_months","operator":"above","value":12}],"multiplier":1.5},
                             {"when":[{"attribute":"deal_type","operator":"is","value":"renewal"}],"rate":0.02}]},
               {"kind":"multiplier","id":"december","factor":1.2,"periods":["2026-12"]}]}]}
            """;
        var created = await fixture.Host.Scenario(s =>
        {
            s.As(admin).Post.Text(plan).ToUrl("/api/v1/plans");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var id = created.ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
        var simulated = await fixture.Host.Scenario(s =>
        {
            s.As(admin).Post.Text(example.GetRawText()).ToUrl($"/api/v1/plans/{id}/simulate");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        });
        var kinds = simulated.ReadAsJson<JsonElement>().GetProperty("results")[0].GetProperty("payout").GetProperty("lines").EnumerateArray()
            .Select(l => l.GetProperty("kind").GetString()).Distinct().Order();
        Assert.Equal(["adjustment", "clawback", "component", "draw_recovery", "multiplier"], kinds);
    }

    [Fact]
    public async Task An_events_attributes_are_deal_attribute_values_by_key()
    {
        var schemas = JsonDocument.Parse(await DocumentAsync()).RootElement.GetProperty("components").GetProperty("schemas");
        var attributes = schemas.GetProperty("EventInput").GetProperty("properties").GetProperty("attributes");
        Assert.Equal(["number", "string", "boolean"],
            attributes.GetProperty("additionalProperties").GetProperty("oneOf").EnumerateArray().Select(o => o.GetProperty("type").GetString()));
    }
}

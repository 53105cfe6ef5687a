using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Partners;

public class PartnerTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private static object NewTenant(string? email = null, string? slug = null) => new
    {
        name = "ООО Ромашка",
        slug = slug ?? "romashka-" + Guid.NewGuid().ToString("N")[..8],
        currency = "RUB",
        timeZone = "Europe/Moscow",
        locale = "ru",
        admin = new { email = email ?? $"admin-{Guid.NewGuid():N}@romashka.example", fullName = "Иван Иванов" },
    };

    [Fact]
    public async Task Provisioning_creates_the_tenant_its_settings_and_an_admin_with_a_one_time_activation_token()
    {
        using var partner = await fixture.Api.PartnerClientAsync();

        var created = await (await partner.PostAsJsonAsync("/api/v1/partner/tenants", NewTenant())).AssertStatusAsync(HttpStatusCode.Created);

        var token = created.GetProperty("admin").GetProperty("activationToken").GetString()!;
        Assert.StartsWith("act_", token);
        Assert.True(created.GetProperty("admin").GetProperty("activationExpiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(6));
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var stored = new Npgsql.NpgsqlCommand("select count(*) from users where activation_token_hash = sha256(convert_to($1, 'UTF8'))", connection);
        stored.Parameters.Add(new() { Value = token });
        Assert.Equal(1L, await stored.ExecuteScalarAsync()); // stored as its hash, and only that
        await using var plain = new Npgsql.NpgsqlCommand("select count(*) from users where encode(activation_token_hash, 'escape') like '%' || $1 || '%'", connection);
        plain.Parameters.Add(new() { Value = token[4..20] });
        Assert.Equal(0L, await plain.ExecuteScalarAsync());

        var id = created.GetProperty("id").GetGuid();
        var read = await (await partner.GetAsync($"/api/v1/partner/tenants/{id}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("active", read.GetProperty("status").GetString());
        var list = await (await partner.GetAsync("/api/v1/partner/tenants?limit=200")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Provisioning_validates_every_field_and_rejects_taken_slugs_but_not_addresses_used_elsewhere()
    {
        using var partner = await fixture.Api.PartnerClientAsync();
        var problem = await (await partner.PostAsJsonAsync("/api/v1/partner/tenants", new
        {
            name = "",
            slug = "Bad Slug",
            currency = "XXX",
            timeZone = "Mars/Olympus",
            locale = "de",
            admin = new { email = "not-an-email", fullName = "" },
        })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "slug", "currency", "timeZone", "locale", "admin.email", "admin.fullName" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");

        var email = $"dup-{Guid.NewGuid():N}@example.com";
        var slug = "dup-" + Guid.NewGuid().ToString("N")[..8];
        await (await partner.PostAsJsonAsync("/api/v1/partner/tenants", NewTenant(email, slug))).AssertStatusAsync(HttpStatusCode.Created);
        await (await partner.PostAsJsonAsync("/api/v1/partner/tenants", NewTenant(slug: slug))).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        // The admin's address may already belong to a user of another company: one person, several companies.
        await (await partner.PostAsJsonAsync("/api/v1/partner/tenants", NewTenant(email: email.ToUpperInvariant()))).AssertStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_partner_sees_only_its_own_tenants()
    {
        using var partner = await fixture.Api.PartnerClientAsync();
        await fixture.Database.ExecuteAsOwnerAsync(
            "insert into oauth_clients (client_id, name, kind, secret_hash, scopes) values ('rival-partner', 'Rival', 'confidential', 'x', '{partner}') on conflict do nothing");
        var foreign = Guid.CreateVersion7();
        await fixture.Database.ExecuteAsOwnerAsync($"""
            insert into tenants (id, slug, name, currency, time_zone, locale, partner_client_id)
            values ('{foreign}', 'rival-{foreign:N}', 'Rival customer', 'EUR', 'Europe/Berlin', 'en', 'rival-partner')
            """);

        await (await partner.GetAsync($"/api/v1/partner/tenants/{foreign}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await partner.PatchAsJsonAsync($"/api/v1/partner/tenants/{foreign}", new { status = "suspended" })).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        var list = await (await partner.GetAsync("/api/v1/partner/tenants?limit=200")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == foreign);
    }

    [Fact]
    public async Task Suspension_stops_users_tokens_and_api_keys_at_once_and_reactivation_restores_them()
    {
        using var partner = await fixture.Api.PartnerClientAsync();
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        var key = (await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "CRM", scopes = new[] { "actuals:read" } }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("key").GetString();
        using var integration = fixture.Api.Client();
        integration.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/tenant")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/v1/api-keys/current")).StatusCode);

        var suspended = await (await partner.PatchAsJsonAsync($"/api/v1/partner/tenants/{tenant}", new { status = "suspended" })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("suspended", suspended.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/v1/tenant")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await integration.GetAsync("/api/v1/api-keys/current")).StatusCode);

        await (await partner.PatchAsJsonAsync($"/api/v1/partner/tenants/{tenant}", new { status = "active" })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/tenant")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/v1/api-keys/current")).StatusCode);

        await (await partner.PatchAsJsonAsync($"/api/v1/partner/tenants/{tenant}", new { status = "deleted" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Frontends_need_https_or_loopback_redirects_without_fragments()
    {
        using var partner = await fixture.Api.PartnerClientAsync();
        var problem = await (await partner.PostAsJsonAsync("/api/v1/partner/clients", new
        {
            name = "App",
            redirectUris = new[] { "http://app.example/cb", "https://app.example/cb#frag", "/relative", "javascript:alert(1)" },
        })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(4, problem.GetProperty("errors").EnumerateObject().Count());
        // No redirect URIs at all is a validation error too, not a 500 from the count rule after NotEmpty.
        var missing = await (await partner.PostAsJsonAsync("/api/v1/partner/clients", new { name = "App" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(missing.GetProperty("errors").TryGetProperty("redirectUris", out _));

        var created = await (await partner.PostAsJsonAsync("/api/v1/partner/clients", new
        {
            name = "App",
            redirectUris = new[] { "https://app.example/cb", "http://localhost:3000/cb" },
        })).AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal("public", created.GetProperty("kind").GetString());
        var clients = await (await partner.GetAsync("/api/v1/partner/clients")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains(clients.EnumerateArray(), c => c.GetProperty("clientId").GetString() == created.GetProperty("clientId").GetString());
    }

    [Fact]
    public async Task The_add_partner_verb_registers_a_client_that_can_get_a_partner_token()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Saas.Api.dll"), "--add-partner", "Integrator LLC"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Default"] = fixture.Database.ApplicationConnectionString;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync());
        var lines = output.Split('\n').Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());

        using var client = fixture.Api.Client();
        var token = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = lines["client_id"],
            ["client_secret"] = lines["client_secret"],
        }));
        var body = await token.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("partner", body.GetProperty("scope").GetString());
    }
}

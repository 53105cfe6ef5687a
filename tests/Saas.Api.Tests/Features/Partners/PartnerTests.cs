using System.Net;
using System.Text.Json;
using Alba;
using Saas.Api.Features.Partners;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Infrastructure;
using ProvisionTenant = Saas.Api.Features.Partners.ProvisionTenant;
using RegisterClient = Saas.Api.Features.Partners.RegisterClient;

namespace Saas.Api.Tests.Features.Partners;

public class PartnerTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private IAlbaHost Host => fixture.Host;

    private static object NewTenant(string? email = null, string? slug = null, string locale = "ru") => new
    {
        name = "ООО Ромашка",
        slug = slug ?? "romashka-" + Guid.NewGuid().ToString("N")[..8],
        currency = "RUB",
        timeZone = "Europe/Moscow",
        locale,
        admin = new { email = email ?? $"admin-{Guid.NewGuid():N}@romashka.example", fullName = "Иван Иванов" },
    };

    private Task<string> PartnerTokenAsync() => PartnerTokens.IssueAsync(Host);

    private async Task<ProvisionTenant.Response> ProvisionAsync(string partner, object tenant) =>
        (await Host.Scenario(s =>
        {
            s.As(partner).Post.Json(tenant).ToUrl("/api/v1/partner/tenants");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<ProvisionTenant.Response>();

    [Fact]
    public async Task Provisioning_creates_the_tenant_its_settings_and_an_admin_with_a_one_time_activation_token()
    {
        var partner = await PartnerTokenAsync();

        var result = await Host.Scenario(s =>
        {
            s.As(partner).Post.Json(NewTenant(locale: "ru-RU")).ToUrl("/api/v1/partner/tenants");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var created = result.ReadAsJson<ProvisionTenant.Response>();
        Assert.Equal($"/api/v1/partner/tenants/{created.Id}", result.Context.Response.Headers.Location.ToString());
        Assert.Equal(("ООО Ромашка", "RUB", "Europe/Moscow", "ru", "active"), (created.Name, created.Currency, created.TimeZone, created.Locale, created.Status));

        var token = created.Admin.ActivationToken;
        Assert.StartsWith("act_", token);
        Assert.True(created.Admin.ActivationExpiresAt > DateTimeOffset.UtcNow.AddDays(6));
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var stored = new Npgsql.NpgsqlCommand("select count(*) from users where activation_token_hash = sha256(convert_to($1, 'UTF8'))", connection);
        stored.Parameters.Add(new() { Value = token });
        Assert.Equal(1L, await stored.ExecuteScalarAsync()); // stored as its hash, and only that
        await using var plain = new Npgsql.NpgsqlCommand("select count(*) from users where encode(activation_token_hash, 'escape') like '%' || $1 || '%'", connection);
        plain.Parameters.Add(new() { Value = token[4..20] });
        Assert.Equal(0L, await plain.ExecuteScalarAsync());

        var read = await Host.GetAsJson<PartnerTenantResponse>($"/api/v1/partner/tenants/{created.Id}", partner);
        Assert.Equal(("active", created.Slug, "RUB"), (read.Status, read.Slug, read.Currency));
        var list = await Host.GetAsJson<Page<PartnerTenantResponse>>("/api/v1/partner/tenants?limit=200", partner);
        Assert.Contains(list.Items, t => t.Id == created.Id);
    }

    [Fact]
    public async Task Provisioning_validates_every_field_and_rejects_taken_slugs_but_not_addresses_used_elsewhere()
    {
        var partner = await PartnerTokenAsync();
        var problem = (await Host.Scenario(s =>
        {
            s.As(partner).Post.Json(new
            {
                name = "",
                slug = "Bad Slug",
                currency = "XXX",
                timeZone = "Mars/Olympus",
                locale = "de",
                admin = new { email = "not-an-email", fullName = "" },
            }).ToUrl("/api/v1/partner/tenants");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["admin.email", "admin.fullName", "currency", "locale", "name", "slug", "timeZone"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["'admin.email' is not a valid email address."], problem.Errors["admin.email"]);
        Assert.Equal(["Email"], problem.Rules!["admin.email"]);

        var email = $"dup-{Guid.NewGuid():N}@example.com";
        var slug = "dup-" + Guid.NewGuid().ToString("N")[..8];
        await ProvisionAsync(partner, NewTenant(email, slug));
        await Host.Scenario(s =>
        {
            s.As(partner).Post.Json(NewTenant(slug: slug)).ToUrl("/api/v1/partner/tenants");
            s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
        });
        // The admin's address may already belong to a user of another company: one person, several companies.
        await ProvisionAsync(partner, NewTenant(email: email.ToUpperInvariant()));
    }

    [Fact]
    public async Task A_partner_sees_only_its_own_tenants()
    {
        var partner = await PartnerTokenAsync();
        await TestClients.RegisterAsync(Host.Services,
            new BootstrapClient { ClientId = "rival-partner", Name = "Rival", Secret = "rival-partner-secret-0123456789", Scopes = ["partner"] });
        var foreign = Guid.CreateVersion7();
        await fixture.Database.ExecuteAsOwnerAsync($"""
            insert into tenants (id, slug, name, currency, time_zone, locale, partner_client_id)
            values ('{foreign}', 'rival-{foreign:N}', 'Rival customer', 'EUR', 'Europe/Berlin', 'en', 'rival-partner')
            """);

        await Host.Scenario(s =>
        {
            s.As(partner).Get.Url($"/api/v1/partner/tenants/{foreign}");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        await Host.Scenario(s =>
        {
            s.As(partner).Patch.Json(new { status = "suspended" }).ToUrl($"/api/v1/partner/tenants/{foreign}");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        var list = await Host.GetAsJson<Page<PartnerTenantResponse>>("/api/v1/partner/tenants?limit=200", partner);
        Assert.DoesNotContain(list.Items, t => t.Id == foreign);
    }

    [Fact]
    public async Task Suspension_stops_users_tokens_and_api_keys_at_once_and_reactivation_restores_them()
    {
        var partner = await PartnerTokenAsync();
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var key = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { name = "CRM", scopes = new[] { "actuals:read" } }).ToUrl("/api/v1/api-keys");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<JsonElement>().GetProperty("key").GetString()!;

        async Task ExpectAsync(HttpStatusCode status)
        {
            await Host.Scenario(s =>
            {
                s.As(admin).Get.Url("/api/v1/tenant");
                s.StatusCodeShouldBe(status);
            });
            await Host.Scenario(s =>
            {
                s.Get.Url("/api/v1/api-keys/current");
                s.WithRequestHeader("X-Api-Key", key);
                s.StatusCodeShouldBe(status);
            });
        }

        await ExpectAsync(HttpStatusCode.OK);

        var suspended = (await Host.Scenario(s => s.As(partner).Patch.Json(new { status = "suspended" }).ToUrl($"/api/v1/partner/tenants/{tenant}")))
            .ReadAsJson<PartnerTenantResponse>();
        Assert.Equal("suspended", suspended.Status);
        await ExpectAsync(HttpStatusCode.Unauthorized);

        await Host.Scenario(s => s.As(partner).Patch.Json(new { status = "active" }).ToUrl($"/api/v1/partner/tenants/{tenant}"));
        await ExpectAsync(HttpStatusCode.OK);

        var problem = (await Host.Scenario(s =>
        {
            s.As(partner).Patch.Json(new { status = "deleted" }).ToUrl($"/api/v1/partner/tenants/{tenant}");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["'status' must be active or suspended."], problem.Errors!["status"]);
    }

    [Fact]
    public async Task Frontends_need_https_or_loopback_redirects_without_fragments()
    {
        var partner = await PartnerTokenAsync();
        var problem = (await Host.Scenario(s =>
        {
            s.As(partner).Post.Json(new
            {
                name = "App",
                redirectUris = new[] { "http://app.example/cb", "https://app.example/cb#frag", "/relative", "javascript:alert(1)" },
            }).ToUrl("/api/v1/partner/clients");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["redirectUris[0]", "redirectUris[1]", "redirectUris[2]", "redirectUris[3]"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["'/relative' must be an absolute https URI without a fragment (plain http only for localhost)."], problem.Errors["redirectUris[2]"]);
        // No redirect URIs at all is a validation error too, not a 500 from the count rule after NotEmpty.
        var missing = (await Host.Scenario(s =>
        {
            s.As(partner).Post.Json(new { name = "App" }).ToUrl("/api/v1/partner/clients");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.True(missing.Errors!.ContainsKey("redirectUris"));

        var result = await Host.Scenario(s =>
        {
            s.As(partner).Post.Json(new { name = "App", redirectUris = new[] { "https://app.example/cb", "http://localhost:3000/cb" } })
                .ToUrl("/api/v1/partner/clients");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var created = result.ReadAsJson<RegisterClient.Response>();
        Assert.Equal($"/api/v1/partner/clients/{created.ClientId}", result.Context.Response.Headers.Location.ToString());
        Assert.Equal("public", created.Kind);
        var clients = await Host.GetAsJson<List<RegisterClient.Response>>("/api/v1/partner/clients", partner);
        Assert.Contains(clients, c => c.ClientId == created.ClientId);
    }

    [Fact]
    public async Task Outside_development_an_allowed_origin_must_be_https()
    {
        var partner = await PartnerTokenAsync();
        var problem = (await Host.Scenario(s =>
        {
            s.As(partner).Post.Json(new { name = "SPA", redirectUris = new[] { "https://app.example/cb" }, allowedOrigins = new[] { "http://app.example" } })
                .ToUrl("/api/v1/partner/clients");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["'http://app.example' must be an https origin: https://host[:port], with no path, not even '/', and no wildcard."],
            problem.Errors!["allowedOrigins[0]"]);
    }

    [Fact]
    public async Task The_add_partner_verb_registers_a_client_that_can_get_a_partner_token()
    {
        var (exitCode, output) = await ApiCommand.RunAsync(
            new Dictionary<string, string> { ["ConnectionStrings__Default"] = fixture.Database.ApplicationConnectionString }, "--add-partner", "Integrator LLC");
        Assert.True(exitCode == 0, output);
        // The two lines the verb prints for the operator; log lines around them are JSON.
        var lines = output.Split('\n').Where(l => l.StartsWith("client_", StringComparison.Ordinal)).Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim());

        await PartnerTokens.IssueAsync(Host, lines["client_id"], lines["client_secret"]);
    }
}

/// <summary>With <c>Cors:AllowHttpOrigins</c> (development), a frontend may name plain http origins. This class's host runs
/// beside <see cref="PartnerTests"/>' in the same process: the rule follows the setting of the host that validates.</summary>
public class DevelopmentPartnerTests(DevelopmentPartnerTests.Fixture fixture) : IClassFixture<DevelopmentPartnerTests.Fixture>
{
    public sealed class Fixture : ApiFixture
    {
        protected override Dictionary<string, string?> Settings => new() { ["Cors:AllowHttpOrigins"] = "true" };
    }

    [Fact]
    public async Task An_http_origin_is_accepted()
    {
        var partner = await PartnerTokens.IssueAsync(fixture.Host);
        var created = (await fixture.Host.Scenario(s =>
        {
            s.As(partner).Post.Json(new { name = "Local SPA", redirectUris = new[] { "http://localhost:3000/cb" }, allowedOrigins = new[] { "http://localhost:3000" } })
                .ToUrl("/api/v1/partner/clients");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<RegisterClient.Response>();
        Assert.Equal(["http://localhost:3000"], created.AllowedOrigins);

        var problem = (await fixture.Host.Scenario(s =>
        {
            s.As(partner).Post.Json(new { name = "SPA", redirectUris = new[] { "https://app.example/cb" }, allowedOrigins = new[] { "http://app.example/" } })
                .ToUrl("/api/v1/partner/clients");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["'http://app.example/' must be an origin: http(s)://host[:port], with no path, not even '/', and no wildcard."],
            problem.Errors!["allowedOrigins[0]"]);
    }
}

internal static class PartnerTokens
{
    /// <summary>An access token of a partner client, from the token service with client credentials.</summary>
    public static async Task<string> IssueAsync(IAlbaHost host, string clientId = TestSettings.PartnerId, string secret = TestSettings.PartnerSecret)
    {
        var token = await host.Scenario(s => s.Post.FormData(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }).ToUrl("/connect/token"));
        var body = token.ReadAsJson<JsonElement>();
        Assert.Equal("partner", body.GetProperty("scope").GetString());
        return body.GetProperty("access_token").GetString()!;
    }
}

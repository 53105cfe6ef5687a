using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Saas.Api.Features.Plans;
using Saas.Api.Features.Statements;
using Saas.Api.Features.Teams;
using Saas.Api.Features.Webhooks;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Tests.Infrastructure;

public class MigrationTests
{
    /// <summary>How many embedded migrations there are from <paramref name="first"/> on.</summary>
    private static int FromOn(string first) => Migration.Embedded.Count(m => string.CompareOrdinal(m.Name[..4], first) >= 0);

    private static MigrationRunner Runner() => new(NullLogger<MigrationRunner>.Instance);

    /// <summary>A database migrated up to <paramref name="first"/>, with the test API's two clients as the migrations of the
    /// time stored them (0002, 0014): today's API signs test users in through them, and 0022 carries them into OpenIddict.</summary>
    private static async Task<TestDatabase> MigratedBeforeAsync(string first)
    {
        const string ClientsMoved = "0022";
        var database = await TestDatabase.CreateEmptyAsync();
        await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None,
            before: string.CompareOrdinal(first, ClientsMoved) < 0 ? first : ClientsMoved);
        await database.ExecuteAsOwnerAsync($$"""
            insert into oauth_clients (client_id, name, kind, secret_hash, scopes, redirect_uris, partner_client_id) values
                ('{{TestSettings.PartnerId}}', 'Test partner', 'confidential', '{{Passwords.Hash(TestSettings.PartnerSecret)}}', '{partner}', '{}', null),
                ('{{TestSettings.FrontendId}}', 'Test frontend', 'public', null, '{api,offline_access,openid}', '{{{TestSettings.FrontendRedirect}}}',
                 '{{TestSettings.PartnerId}}');
            """);
        await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None, before: first);
        return database;
    }

    private static async Task<List<(string Name, string Checksum)>> AppliedAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select name, checksum from schema_migrations order by name", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    [Fact]
    public async Task Applies_every_embedded_script_once_in_order_and_records_its_checksum()
    {
        var database = await TestDatabase.CreateEmptyAsync();

        Assert.Equal(Migration.Embedded.Count, await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None));
        Assert.Equal(0, await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None));

        Assert.Equal(Migration.Embedded.Select(m => (m.Name, m.Checksum)), await AppliedAsync(database));
        Assert.Equal(Migration.Embedded.Select(m => m.Name).Order(StringComparer.Ordinal), Migration.Embedded.Select(m => m.Name));
    }

    [Fact]
    public async Task The_lead_facts_migrations_list_every_lead_and_deal_received_before_them_for_a_rebuild()
    {
        var database = await TestDatabase.CreateEmptyAsync();
        await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None, before: "0011");
        // Two tenants' events as they stood before 0011; 0011 and the migrations up to 0029 are then applied by the owner,
        // who is subject to the events' forced row-level security.
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await database.ExecuteAsAdminAsync($"""
            insert into tenants (id, slug, name, currency, time_zone, locale) values
                ('{first}', 'first', 'First', 'RUB', 'Europe/Moscow', 'ru'), ('{second}', 'second', 'Second', 'RUB', 'Europe/Moscow', 'ru');
            insert into events (tenant_id, source, external_id, type, occurred_at, lead_id, deal_id) values
                ('{first}', 'crm', '1', 'lead.created', '2026-10-05T10:00:00Z', 'L1', null),
                ('{first}', 'crm', '2', 'lead.sql', '2026-10-06T10:00:00Z', 'L1', null),
                ('{first}', 'crm', '3', 'deal.won', '2026-10-07T10:00:00Z', 'L1', 'D1'),
                ('{first}', 'crm', '4', 'spend', now(), null, null),
                ('{first}', 'crm', '5', 'lead.touch', '2026-10-01T10:00:00Z', 'L2', null),
                ('{second}', 'crm', '1', 'lead.created', '2026-09-30T10:00:00Z', 'L1', null);
            """);
        await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None, before: "0029");

        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        async Task<object?> ScalarAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync();
        }
        Assert.Equal("dD1@1 lL1@1 lL2@1 lL1@2", await ScalarAsync(
            $"select string_agg(kind || key || case tenant_id when '{first}' then '@1' else '@2' end, ' ' order by tenant_id = '{second}', kind, key) from lead_facts_stale"));

        // 0029 lists them as one pending import a tenant, each lead with its earliest lead.created.
        Assert.Equal(1, await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None, before: "0030"));
        Assert.Equal("{L1,L2} {\"2026-10-05 10:00\",NULL} {D1}@1 {L1} {\"2026-09-30 10:00\"} {}@2", await ScalarAsync($"""
            select string_agg(leads::text || ' ' || array(select to_char(c at time zone 'UTC', 'YYYY-MM-DD HH24:MI') from unnest(created) c)::text
                || ' ' || deals::text || case tenant_id when '{first}' then '@1' else '@2' end, ' ' order by tenant_id = '{second}') from lead_facts_pending
            """));
        Assert.Equal(true, await ScalarAsync("select relforcerowsecurity from pg_class where relname = 'events'"));
    }

    [Fact]
    public async Task The_allowed_origins_migration_gives_existing_frontends_the_https_origins_of_their_redirect_uris()
    {
        var database = await TestDatabase.CreateEmptyAsync();
        await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None, before: "0014");
        await database.ExecuteAsOwnerAsync("""
            insert into oauth_clients (client_id, name, kind, secret_hash, scopes, redirect_uris) values
                ('spa', 'SPA', 'public', null, '{api}', '{https://App.Example/cb,https://app.example:443/other,http://127.0.0.1:7000/cb,https://b.example:8443/x?y=1}'),
                ('native', 'Native', 'public', null, '{api}', '{http://127.0.0.1/cb}'),
                ('partner', 'Partner', 'confidential', 'x', '{partner}', '{}');
            """);

        Assert.Equal(FromOn("0014"), await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None));

        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select string_agg(client_id || '=' || array_to_string(allowed_origins, ' '), '; ' order by client_id) from oauth_clients", connection);
        Assert.Equal("native=; partner=; spa=https://app.example https://b.example:8443", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_tenant_settings_migration_carries_every_tenants_settings_and_version_into_documents()
    {
        var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.PooledApplicationConnectionString());
        var (changed, untouched) = (await api.CreateTenantAsync(), await api.CreateTenantAsync("en"));
        using var client = api.Client(changed);
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/tenant")
        {
            Content = JsonContent.Create(new { workingHoursPerMonth = 168.5m, firstResponseSlaMinutes = 7, holidays = new[] { "2027-01-01" } }),
        })
        {
            patch.Headers.IfMatch.Add(new("\"1\""));
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(patch)).StatusCode);
        }
        async Task<(string Body, string? ETag)[]> ReadAsync() => await Task.WhenAll(new[] { changed, untouched }.Select(async tenant =>
        {
            using var reader = api.Client(tenant);
            var response = await reader.GetAsync("/api/v1/tenant");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadAsStringAsync(), response.Headers.ETag?.Tag);
        }));
        var before = await ReadAsync();
        Assert.Equal("\"2\"", before[0].ETag);

        // The database as it stood before 0015: settings in their table (as 0002 made it), no documents.
        await database.ExecuteAsAdminAsync($"""
            create table tenant_settings (
                tenant_id   uuid        primary key references tenants (id),
                settings    jsonb       not null,
                version     integer     not null default 1,
                updated_at  timestamptz not null default now()
            );
            alter table tenant_settings owner to {TestDatabase.OwnerRole};
            select enable_tenant_isolation('tenant_settings');
            insert into tenant_settings (tenant_id, settings, version, updated_at)
                select id, data -> 'settings', mt_version, mt_last_modified from documents.mt_doc_tenantsettingsdocument;
            drop schema documents cascade;
            delete from schema_migrations where name like '0015%';
            """);

        Assert.Equal(1, await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None));

        Assert.Equal(before, await ReadAsync());
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var gone = new NpgsqlCommand("select to_regclass('tenant_settings') is null", connection);
        Assert.Equal(true, await gone.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_webhook_subscriptions_migration_carries_every_subscription_into_documents()
    {
        // The database as 0015 left it: subscriptions in their table, deliveries referencing them.
        var database = await MigratedBeforeAsync("0016");
        await using var api = new ApiFactory(database.PooledApplicationConnectionString());
        var (tenant, other) = (await api.CreateTenantAsync(), await api.CreateTenantAsync());
        var (paused, live, elsewhere) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await database.ExecuteAsAdminAsync($"""
            insert into webhook_subscriptions values
                ('{tenant}', '{paused}', 'https://hooks.example.com/a', array['sla.breached', 'plan.activated'], 'secret-a', 'CRM', false,
                 '2026-11-02 10:00:00.123456+00', '2026-11-03 11:30:00.654321+00'),
                ('{tenant}', '{live}', 'https://hooks.example.com/b', array['statement.approved'], 'secret-b', null, true,
                 '2026-11-04 09:15:00+00', '2026-11-04 09:15:00+00'),
                ('{other}', '{elsewhere}', 'https://other.example.com/', array['plan.activated'], 'secret-c', null, true,
                 '2026-11-05 08:00:00+00', '2026-11-05 08:00:00+00');
            """);

        // Read through the API once every migration has run: the API of today signs its callers in through the token
        // service's store, which 0022 creates, and nothing after 0016 touches the subscriptions.
        Assert.Equal(FromOn("0016"), await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None));

        using var client = api.Client(tenant);
        var page = await client.GetFromJsonAsync<Page<WebhookResponse>>("/api/v1/webhooks", JsonSerializerOptions.Web);
        static string Shown(WebhookResponse w) =>
            $"{w.Id} {w.Url} [{string.Join(' ', w.Events)}] {w.Description} {w.Active} {w.CreatedAt:O} {w.UpdatedAt:O}";
        Assert.Equal(new[]
        {
            $"{paused} https://hooks.example.com/a [sla.breached plan.activated] CRM False 2026-11-02T10:00:00.1234560+00:00 2026-11-03T11:30:00.6543210+00:00",
            $"{live} https://hooks.example.com/b [statement.approved]  True 2026-11-04T09:15:00.0000000+00:00 2026-11-04T09:15:00.0000000+00:00",
        }.Order(), page!.Items.Select(Shown).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/webhooks/{elsewhere}")).StatusCode);
        using (var otherClient = api.Client(other))
            Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync($"/api/v1/webhooks/{elsewhere}")).StatusCode);
        // Deleting no longer needs the foreign key's cascade: the delete removes the deliveries itself.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/webhooks/{live}")).StatusCode);

        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var check = new NpgsqlCommand("""
            select to_regclass('webhook_subscriptions') is null,
                   (select string_agg(data ->> 'secret', ',' order by data ->> 'secret') from documents.mt_doc_webhooksubscription)
            """, connection);
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetBoolean(0));
        Assert.Equal("secret-a,secret-c", reader.GetString(1));
    }

    [Fact]
    public async Task The_statement_inquiries_migration_carries_every_thread_into_documents()
    {
        // The database as 0016 left it: a statement, and two inquiries about it in their tables.
        var database = await MigratedBeforeAsync("0017");
        await using var api = new ApiFactory(database.PooledApplicationConnectionString());
        var tenant = await api.CreateTenantAsync();
        var (employee, statement, asked, answered) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await database.ExecuteAsAdminAsync($"""
            insert into employees (tenant_id, id, full_name, role, department, base_salary, currency)
                values ('{tenant}', '{employee}', 'Анна', 'sales_manager', 'sales', 100000, 'RUB');
            insert into statements (tenant_id, id, employee_id, period, revision, status, currency, total, lines, inputs, inputs_hash)
                values ('{tenant}', '{statement}', '{employee}', '2026-11', 1, 'draft', 'RUB', 0, '[]', jsonb_build_object(), '\x00');
            insert into statement_inquiries values
                ('{tenant}', '{asked}', '{employee}', '2026-11', '{statement}', 'deals', 'open', '2026-12-01 09:00:00.5+00'),
                ('{tenant}', '{answered}', '{employee}', '2026-11', '{statement}', null, 'answered', '2026-12-02 10:00:00+00');
            insert into statement_inquiry_messages (tenant_id, inquiry_id, author, author_role, text, at) values
                ('{tenant}', '{answered}', 'anna@example.com', 'employee', 'Где премия?', '2026-12-02 10:00:00+00'),
                ('{tenant}', '{asked}', 'anna@example.com', 'employee', 'Почему сделка D7 не засчитана?', '2026-12-01 09:00:00.5+00'),
                ('{tenant}', '{answered}', 'boss@example.com', 'admin', 'В декабре.', '2026-12-02 12:30:00+00');
            """);

        // The API reads the other features from their documents too, so every later migration is applied.
        Assert.Equal(FromOn("0017"), await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None));

        using var client = api.Client(tenant);
        var threads = await client.GetFromJsonAsync<List<Saas.Api.Features.Statements.InquiryResponse>>(
            $"/api/v1/statements/{statement}/inquiries", JsonSerializerOptions.Web);
        Assert.Equal(
            [
                $"{asked} {statement} 2026-11 deals open 2026-12-01T09:00:00.5000000+00:00: " +
                    "anna@example.com employee Почему сделка D7 не засчитана? 2026-12-01T09:00:00.5000000+00:00",
                $"{answered} {statement} 2026-11  answered 2026-12-02T10:00:00.0000000+00:00: " +
                    "anna@example.com employee Где премия? 2026-12-02T10:00:00.0000000+00:00 | boss@example.com admin В декабре. 2026-12-02T12:30:00.0000000+00:00",
            ],
            threads!.Select(i => $"{i.Id} {i.StatementId} {i.Period} {i.ComponentId} {i.Status} {i.CreatedAt:O}: " +
                string.Join(" | ", i.Messages.Select(m => $"{m.Author} {m.AuthorRole} {m.Text} {m.At:O}"))));

        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var gone = new NpgsqlCommand(
            "select to_regclass('statement_inquiries') is null and to_regclass('statement_inquiry_messages') is null", connection);
        Assert.Equal(true, await gone.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_teams_migration_carries_every_team_with_its_positions_into_documents()
    {
        // The database as 0017 left it: teams and their positions in their tables, an employee in one of the teams.
        var database = await MigratedBeforeAsync("0018");
        await using var api = new ApiFactory(database.PooledApplicationConnectionString());
        var (tenant, other) = (await api.CreateTenantAsync(), await api.CreateTenantAsync());
        var (sales, marketing, elsewhere, anna) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await database.ExecuteAsAdminAsync($"""
            insert into teams (tenant_id, id, name, department, version, created_at, updated_at) values
                ('{tenant}', '{sales}', 'Продажи', 'sales', 3, '2026-10-01 09:00:00.123456+00', '2026-11-15 17:45:00.5+00'),
                ('{tenant}', '{marketing}', 'Маркетинг', 'marketing', 1, '2026-10-02 10:00:00+00', '2026-10-02 10:00:00+00'),
                ('{other}', '{elsewhere}', 'Продажи', 'sales', 1, '2026-10-03 10:00:00+00', '2026-10-03 10:00:00+00');
            insert into team_positions (tenant_id, team_id, role, headcount) values
                ('{tenant}', '{sales}', 'sales_manager', 3), ('{tenant}', '{sales}', 'sdr', 1), ('{tenant}', '{marketing}', 'marketer', 2);
            insert into employees (tenant_id, id, full_name, role, department, team_id, base_salary, currency)
                values ('{tenant}', '{anna}', 'Анна', 'sales_manager', 'sales', '{sales}', 100000, 'RUB');
            """);

        // A server whose time zone is not UTC: the documents' timestamps still come back in UTC, as the API writes them.
        await database.ExecuteAsAdminAsync($"alter database \"{database.Name}\" set timezone = 'Europe/Moscow'");

        // The API reads the employee from its document too, so every later migration is applied.
        Assert.Equal("0017", (await AppliedAsync(database))[^1].Name[..4]);
        await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None);

        using var client = api.Client(tenant);
        var page = await client.GetFromJsonAsync<Page<TeamResponse>>("/api/v1/teams", JsonSerializerOptions.Web);
        static string Shown(TeamResponse t) => $"{t.Id} {t.Name} {t.Department} {t.Version} {t.CreatedAt:O} {t.UpdatedAt:O} " +
            string.Join(' ', t.Positions.Select(p => $"{p.Role}:{p.Headcount}/{p.Filled}"));
        Assert.Equal(new[]
        {
            $"{sales} Продажи sales 3 2026-10-01T09:00:00.1234560+00:00 2026-11-15T17:45:00.5000000+00:00 sdr:1/0 sales_manager:3/1",
            $"{marketing} Маркетинг marketing 1 2026-10-02T10:00:00.0000000+00:00 2026-10-02T10:00:00.0000000+00:00 marketer:2/0",
        }.Order(), page!.Items.Select(Shown).Order());
        Assert.Equal("\"3\"", (await client.GetAsync($"/api/v1/teams/{sales}")).Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/teams/{elsewhere}")).StatusCode);
        using (var otherClient = api.Client(other))
            Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync($"/api/v1/teams/{elsewhere}")).StatusCode);
        // Names stay unique in a tenant in any case; a team someone belongs to stays, without the foreign key.
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/v1/teams", new { name = "ПРОДАЖИ", department = "sales" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/api/v1/teams/{sales}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/teams/{marketing}")).StatusCode);

        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var gone = new NpgsqlCommand("""
            select to_regclass('teams') is null and to_regclass('team_positions') is null
                   and not exists (select from documents.mt_doc_team where data ? 'version')
            """, connection);
        Assert.Equal(true, await gone.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_employees_migration_carries_every_employee_with_its_version_into_documents()
    {
        // The database as 0018 left it: employees in their table, one with external ids and a user linked to her, one
        // former employee, and an employee of another tenant.
        var database = await MigratedBeforeAsync("0019");
        await using var api = new ApiFactory(database.PooledApplicationConnectionString());
        var (tenant, other) = (await api.CreateTenantAsync(), await api.CreateTenantAsync());
        var (anna, boris, elsewhere, team, statement) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await database.ExecuteAsAdminAsync($"""
            insert into employees (tenant_id, id, full_name, email, role, department, team_id, base_salary, currency, start_date, end_date,
                                   status, version, created_at, updated_at) values
                ('{tenant}', '{anna}', 'Анна Петрова', 'Anna@Example.com', 'sales_manager', 'sales', '{team}', 123456.7800, 'RUB',
                 '2026-02-01', null, 'active', 4, '2026-01-15 09:00:00.123456+00', '2026-11-20 18:30:00.5+00'),
                ('{tenant}', '{boris}', 'Борис', null, 'marketer', 'marketing', null, 90000, 'RUB',
                 '2025-03-01', '2026-10-31', 'inactive', 2, '2025-02-20 10:00:00+00', '2026-10-31 12:00:00+00'),
                ('{other}', '{elsewhere}', 'Анна Петрова', 'anna@example.com', 'sales_manager', 'sales', null, 1, 'USD',
                 null, null, 'active', 1, '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00');
            insert into employee_external_ids (tenant_id, employee_id, system, external_id) values
                ('{tenant}', '{anna}', 'bitrix', '77'), ('{tenant}', '{anna}', 'amocrm', '1001');
            insert into statements (tenant_id, id, employee_id, period, revision, status, currency, total, lines, inputs, inputs_hash)
                values ('{tenant}', '{statement}', '{anna}', '2026-11', 1, 'draft', 'RUB', 0, '[]', jsonb_build_object(), '\x00');
            """);
        await database.ExecuteAsAdminAsync($"alter database \"{database.Name}\" set timezone = 'Europe/Moscow'");

        // The API reads the other features from their documents too, so every later migration is applied.
        Assert.Equal(FromOn("0019"), await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None));

        using var client = api.Client(tenant);
        static string Shown(Saas.Api.Features.Employees.EmployeeResponse e) =>
            $"{e.Id} {e.FullName} {e.Email} {e.Role} {e.Department} {e.TeamId} {e.BaseSalary} {e.Currency} {e.StartDate:O} {e.EndDate:O} {e.Status} " +
            $"{string.Join(',', e.ExternalIds.Select(x => x.Key + ':' + x.Value))} {e.Version} {e.CreatedAt:O} {e.UpdatedAt:O}";
        var page = await client.GetFromJsonAsync<Page<Saas.Api.Features.Employees.EmployeeResponse>>("/api/v1/employees", JsonSerializerOptions.Web);
        Assert.Equal(new[]
        {
            $"{anna} Анна Петрова Anna@Example.com sales_manager sales {team} 123456.78 RUB 2026-02-01  active amocrm:1001,bitrix:77 4 " +
                "2026-01-15T09:00:00.1234560+00:00 2026-11-20T18:30:00.5000000+00:00",
            $"{boris} Борис  marketer marketing  90000.00 RUB 2025-03-01 2026-10-31 inactive  2 " +
                "2025-02-20T10:00:00.0000000+00:00 2026-10-31T12:00:00.0000000+00:00",
        }.Order(), page!.Items.Select(Shown).Order());
        Assert.Equal("\"4\"", (await client.GetAsync($"/api/v1/employees/{anna}")).Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/employees/{elsewhere}")).StatusCode);
        Assert.Equal(anna, (await client.GetFromJsonAsync<Page<Saas.Api.Features.Employees.EmployeeResponse>>(
            "/api/v1/employees?externalSystem=bitrix&externalId=77", JsonSerializerOptions.Web))!.Items.Single().Id);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/statements/{statement}")).StatusCode);

        // The revision goes on from the one carried over; e-mails stay unique in a tenant in any case; a user links only
        // to an employee that exists, without the foreign key.
        using var replace = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/employees/{boris}")
        {
            Content = JsonContent.Create(new { fullName = "Борис", role = "marketer", baseSalary = 95000 }),
        };
        replace.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"2\""));
        Assert.Equal("\"3\"", (await client.SendAsync(replace)).Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/v1/employees",
            new { fullName = "Другая Анна", email = "ANNA@example.com", role = "sdr", baseSalary = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/users",
            new { email = "anna@example.com", fullName = "Анна Петрова", role = "employee", employeeId = anna })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/users",
            new { email = "x@example.com", fullName = "X", role = "employee", employeeId = elsewhere })).StatusCode);

        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var gone = new NpgsqlCommand("""
            select to_regclass('employees') is null
                   and not exists (select from documents.mt_doc_employee where data ? 'version')
                   and (select count(*) from documents.mt_doc_employee) = 3
            """, connection);
        Assert.Equal(true, await gone.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_external_ids_migration_copies_each_employees_ids_into_its_document_and_keeps_its_version()
    {
        // The database as 0034 left it: employee documents without their ids, which are rows of employee_external_ids; one
        // employee with four ids (whose systems sort differently by ordinal, by culture and as jsonb keeps them), one with
        // none, and one of another tenant with an id the first tenant's employee also has.
        var database = await MigratedBeforeAsync("0035");
        await using var api = new ApiFactory(database.PooledApplicationConnectionString());
        var (tenant, other) = (await api.CreateTenantAsync(), await api.CreateTenantAsync());
        var (anna, boris, elsewhere) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        static string Document(Guid id, string name) =>
            $$"""{"id": "{{id}}", "fullName": "{{name}}", "role": "sales_manager", "department": "sales", "baseSalary": 90000, "currency": "RUB", "status": "active", "createdAt": "2026-01-15T09:00:00+00:00", "updatedAt": "2026-11-20T18:30:00+00:00"}""";
        await database.ExecuteAsAdminAsync($"""
            insert into documents.mt_doc_employee (tenant_id, id, data, mt_dotnet_type, mt_version, role, status) values
                ('{tenant}', '{anna}', '{Document(anna, "Анна")}', 'Saas.Api.Features.Employees.Employee', 4, 'sales_manager', 'active'),
                ('{tenant}', '{boris}', '{Document(boris, "Борис")}', 'Saas.Api.Features.Employees.Employee', 2, 'sales_manager', 'active'),
                ('{other}', '{elsewhere}', '{Document(elsewhere, "Вера")}', 'Saas.Api.Features.Employees.Employee', 1, 'sales_manager', 'active');
            insert into employee_external_ids (tenant_id, employee_id, system, external_id) values
                ('{tenant}', '{anna}', 'zoho', 'z-1'), ('{tenant}', '{anna}', 'crm_2', '2'), ('{tenant}', '{anna}', 'amocrm', '1001'),
                ('{tenant}', '{anna}', 'crm1', '1'),
                ('{other}', '{elsewhere}', 'amocrm', '1001');
            """);

        Assert.Equal(FromOn("0035"), await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None));

        using var client = api.Client(tenant);
        var page = await client.GetFromJsonAsync<Page<Saas.Api.Features.Employees.EmployeeResponse>>("/api/v1/employees", JsonSerializerOptions.Web);
        Assert.Equal(
            new[] { $"{anna} 4 amocrm:1001,crm1:1,crm_2:2,zoho:z-1", $"{boris} 2 " }.Order(),
            page!.Items.Select(e => $"{e.Id} {e.Version} {string.Join(',', e.ExternalIds.Select(x => x.Key + ':' + x.Value))}").Order());
        using var read = await client.GetAsync($"/api/v1/employees/{anna}");
        Assert.Equal("\"4\"", read.Headers.ETag?.Tag);
        Assert.Equal(["amocrm", "crm1", "crm_2", "zoho"], (await read.Content.ReadFromJsonAsync<JsonObject>())!["externalIds"]!.AsObject().Select(p => p.Key));
        using var elsewhereClient = api.Client(other);
        Assert.Equal(["amocrm:1001"], (await elsewhereClient.GetFromJsonAsync<Saas.Api.Features.Employees.EmployeeResponse>(
            $"/api/v1/employees/{elsewhere}", JsonSerializerOptions.Web))!.ExternalIds.Select(x => x.Key + ':' + x.Value));

        // During a rolling upgrade, an instance of the build before writes an employee whole, without the copy, after its ids:
        // as the application, under the tenant's policies. The document takes them from the table as it is written.
        var cecilia = Guid.CreateVersion7();
        await database.ExecuteAsApplicationAsync($"""
            select set_config('app.tenant_id', '{tenant}', true);
            insert into employee_external_ids (tenant_id, employee_id, system, external_id) values ('{tenant}', '{cecilia}', 'amocrm', '3003');
            insert into documents.mt_doc_employee (tenant_id, id, data, mt_dotnet_type, mt_version, role, status)
                values ('{tenant}', '{cecilia}', '{Document(cecilia, "Цецилия")}', 'Saas.Api.Features.Employees.Employee', 1, 'sales_manager', 'active');
            delete from employee_external_ids where employee_id = '{boris}';
            insert into employee_external_ids (tenant_id, employee_id, system, external_id) values ('{tenant}', '{boris}', 'bitrix24', '55');
            update documents.mt_doc_employee set data = data - 'externalIds', mt_version = 3 where id = '{boris}';
            """);
        Assert.Equal(
            new[] { $"{anna} 4 amocrm:1001,crm1:1,crm_2:2,zoho:z-1", $"{boris} 3 bitrix24:55", $"{cecilia} 1 amocrm:3003" }.Order(),
            (await client.GetFromJsonAsync<Page<Saas.Api.Features.Employees.EmployeeResponse>>("/api/v1/employees", JsonSerializerOptions.Web))!
                .Items.Select(e => $"{e.Id} {e.Version} {string.Join(',', e.ExternalIds.Select(x => x.Key + ':' + x.Value))}").Order());
    }

    [Fact]
    public async Task The_plans_migration_carries_every_plan_and_revision_into_documents()
    {
        // The database as 0019 left it: a generated plan in force since October with two revisions, a draft of another
        // tenant, and a draft with no generation.
        var database = await MigratedBeforeAsync("0020");
        await using var api = new ApiFactory(database.PooledApplicationConnectionString());
        var (tenant, other) = (await api.CreateTenantAsync(), await api.CreateTenantAsync());
        var (active, draft, elsewhere) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        const string Document = """
            {"name": "Продажи", "currency": "RUB", "periods": ["2026-10", "2026-11"], "assignments": [{"role": "sales_manager",
             "components": [{"id": "revenue", "kind": "attainment", "metric": "revenue", "target": 3000000, "weight": 1}],
             "targetVariablePay": {"amount": 30000}}]}
            """;
        await database.ExecuteAsAdminAsync($"""
            insert into plans (tenant_id, id, name, status, document, source, generation, effective_from, effective_to, version,
                               created_at, updated_at, activated_at) values
                ('{tenant}', '{active}', 'Продажи', 'active', '{Document}', 'generated', '{"{"}"assumptions": ["CR 15 %"]{"}"}',
                 '2026-10-01', null, 3, '2026-09-20 09:00:00.25+00', '2026-09-30 18:00:00+00', '2026-09-30 18:00:00+00'),
                ('{tenant}', '{draft}', 'Продажи', 'draft', '{Document}', 'manual', null, null, null, 1,
                 '2026-11-02 10:00:00+00', '2026-11-02 10:00:00+00', null),
                ('{other}', '{elsewhere}', 'Продажи', 'draft', '{Document}', 'manual', null, null, null, 1,
                 '2026-11-03 10:00:00+00', '2026-11-03 10:00:00+00', null);
            insert into plan_revisions (tenant_id, plan_id, version, document, changed_by, changed_at) values
                ('{tenant}', '{active}', 1, '{Document}', 'boss@example.com', '2026-09-20 09:00:00.25+00'),
                ('{tenant}', '{active}', 2, '{Document}', 'boss@example.com', '2026-09-25 12:00:00+00'),
                ('{tenant}', '{draft}', 1, '{Document}', null, '2026-11-02 10:00:00+00'),
                ('{other}', '{elsewhere}', 1, '{Document}', null, '2026-11-03 10:00:00+00');
            """);
        await database.ExecuteAsAdminAsync($"alter database \"{database.Name}\" set timezone = 'Europe/Moscow'");

        // The API reads the other features from their documents too, so every later migration is applied.
        Assert.Equal(FromOn("0020"), await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None));

        using var client = api.Client(tenant);
        var plan = await client.GetFromJsonAsync<PlanResponse>($"/api/v1/plans/{active}", Saas.Engine.Plans.PlanJson.Options);
        Assert.Equal(
            $"{active} Продажи active generated 2026-10-01  3 2026-09-20T09:00:00.2500000+00:00 2026-09-30T18:00:00.0000000+00:00 " +
            "2026-09-30T18:00:00.0000000+00:00 2026-10,2026-11 revenue {\"assumptions\":[\"CR 15 %\"]}",
            $"{plan!.Id} {plan.Name} {plan.Status} {plan.Source} {plan.EffectiveFrom:O} {plan.EffectiveTo:O} {plan.Version} {plan.CreatedAt:O} " +
            $"{plan.UpdatedAt:O} {plan.ActivatedAt:O} {string.Join(',', plan.Document.Periods)} {plan.Document.Assignments[0].Components[0].Id} " +
            plan.Generation?.GetRawText());
        Assert.Equal("\"3\"", (await client.GetAsync($"/api/v1/plans/{active}")).Headers.ETag?.Tag);
        var page = await client.GetFromJsonAsync<Page<PlanSummary>>("/api/v1/plans", JsonSerializerOptions.Web);
        Assert.Equal(new[] { $"{active} active 3 2026-10,2026-11", $"{draft} draft 1 2026-10,2026-11" }.Order(),
            page!.Items.Select(p => $"{p.Id} {p.Status} {p.Version} {string.Join(',', p.Periods)}").Order());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/plans/{elsewhere}")).StatusCode);

        // The migrated plan is the one in force: a statement is computed from it. The draft changes from its version on.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/employees",
            new { fullName = "Анна", role = "sales_manager", baseSalary = 100000 })).StatusCode);
        var job = await Calculations.RunAsync(client, "2026-11");
        Assert.Equal(("succeeded", 1), (job.Status, job.Changed));
        using var activate = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/plans/{draft}/activate")
        {
            Content = JsonContent.Create(new { effectiveFrom = "2026-11-01" }),
        };
        activate.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        using var activated = await client.SendAsync(activate);
        Assert.Equal("\"2\"", activated.Headers.ETag?.Tag);
        Assert.Contains($"\"{active}\"", await activated.Content.ReadAsStringAsync());

        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var moved = new NpgsqlCommand($"""
            select to_regclass('plans') is null and to_regclass('plan_revisions') is null
                   and not exists (select from documents.mt_doc_plan where data ? 'version')
                   and (select string_agg((data ->> 'version') || ':' || coalesce(data ->> 'changedBy', '-') || ':' || (data ->> 'changedAt'), ' '
                                          order by data ->> 'version')
                        from documents.mt_doc_planrevision where data ->> 'planId' = '{active}')
                       = '1:boss@example.com:2026-09-20T09:00:00.25+00:00 2:boss@example.com:2026-09-25T12:00:00+00:00'
                   and (select count(*) from documents.mt_doc_planrevision) = 4
            """, connection);
        Assert.Equal(true, await moved.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_statements_migration_carries_every_revision_audit_entry_and_adjustment_into_documents()
    {
        // The database as 0020 left it: Anna's October statement approved at revision 1 and recalculated with an adjustment
        // into a draft revision 2; her November draft superseded by a revision that takes back commission; another
        // tenant's statement. Employees and plans are documents by then, written through the API.
        var database = await MigratedBeforeAsync("0021");
        // Today's API signs its own callers in through the token service's store, which 0022 creates: here it trusts a second
        // instance as an external issuer, whose tokens need only a live tenant.
        await using var issuer = new ApiFactory(database.PooledApplicationConnectionString());
        issuer.StartServer();
        await using var api = new ApiFactory(database.PooledApplicationConnectionString(), settings: new()
        {
            ["Auth:ExternalIssuer:Authority"] = issuer.BaseAddress,
            ["Auth:ExternalIssuer:RequireHttpsMetadata"] = "false",
        });
        var (tenant, other) = (await api.CreateTenantAsync(), await api.CreateTenantAsync());
        using var client = api.Client();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await TestUsers.TokenAsync(issuer.Services, tenant, "admin", storeEntry: false));
        using (var created = await client.PostAsJsonAsync("/api/v1/employees", new { fullName = "Анна", role = "sales_manager", baseSalary = 100000 }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var anna = (await client.GetFromJsonAsync<Page<Saas.Api.Features.Employees.EmployeeResponse>>("/api/v1/employees", JsonSerializerOptions.Web))!
            .Items.Single().Id;
        const string Plan = """
            {"name": "Продажи", "currency": "RUB", "periods": ["2026-10"], "assignments": [{"role": "sales_manager",
             "components": [{"id": "revenue", "kind": "attainment", "metric": "revenue", "target": 3000000, "weight": 1}],
             "targetVariablePay": {"amount": 30000}}]}
            """;
        using (var created = await client.PostAsync("/api/v1/plans", new StringContent(Plan, System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var activated = await client.PostAsJsonAsync($"{created.Headers.Location}/activate", new { effectiveFrom = "2026-10-01" });
            Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        }
        var (approved, draft, superseded, takesBack, elsewhere, job) =
            (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        const string Component = """{"kind": "component", "componentId": "revenue", "label": "Выручка", "amount": 30000.00}""";
        const string Adjustment = """{"kind": "adjustment", "label": "Премия за проект", "amount": 3000.00}""";
        const string Clawback = """{"kind": "clawback", "dealId": "D-7", "label": "Возврат", "amount": -1500.00}""";
        const string Inputs = """{"deals": [{"dealId": "D-7", "revenue": 30000, "share": 1}], "metrics": {"revenue": 600000.5}}""";
        await database.ExecuteAsAdminAsync($"""
            insert into statements (tenant_id, id, employee_id, period, revision, status, currency, total, draw_balance, lines, inputs, inputs_hash,
                                    previous_id, job_id, created_at, approved_at, approved_by) values
                ('{tenant}', '{approved}', '{anna}', '2026-10', 1, 'approved', 'RUB', 30000, 0, '[{Component}]', '{Inputs}', '\x0102',
                 null, '{job}', '2026-11-01 03:00:00.123456+00', '2026-11-02 10:00:00+00', 'boss@example.com'),
                ('{tenant}', '{draft}', '{anna}', '2026-10', 2, 'draft', 'RUB', 33000, 0, '[{Component}, {Adjustment}]', '{Inputs}', '\x0304',
                 '{approved}', null, '2026-11-03 12:00:00+00', null, null),
                ('{tenant}', '{superseded}', '{anna}', '2026-11', 1, 'superseded', 'RUB', 30000, 2500.5, '[{Component}]', '{Inputs}', '\x05',
                 null, null, '2026-12-01 03:00:00+00', null, null),
                ('{tenant}', '{takesBack}', '{anna}', '2026-11', 2, 'draft', 'RUB', 28500, 0, '[{Component}, {Clawback}]', '{Inputs}', '\x06',
                 '{superseded}', null, '2026-12-02 03:00:00+00', null, null),
                ('{other}', '{elsewhere}', '{anna}', '2026-10', 1, 'draft', 'USD', 1, 0, '[]', '{"{}"}', '\x07', null, null,
                 '2026-11-01 03:00:00+00', null, null);
            insert into statement_audit (tenant_id, statement_id, action, actor, details, at) values
                ('{tenant}', '{approved}', 'calculated', 'system', '{"{"}"jobId": "{job}", "revision": 1, "previousId": null{"}"}', '2026-11-01 03:00:00.123456+00'),
                ('{tenant}', '{approved}', 'approved', 'boss@example.com', null, '2026-11-02 10:00:00+00'),
                ('{tenant}', '{draft}', 'calculated', 'system', '{"{"}"jobId": null, "revision": 2, "previousId": "{approved}"{"}"}', '2026-11-03 12:00:00+00'),
                ('{tenant}', '{draft}', 'adjusted', 'boss@example.com', '{"{"}"Amount": 3000, "Reason": "Премия за проект"{"}"}', '2026-11-03 12:00:00.5+00'),
                ('{tenant}', '{draft}', 'inquiry', 'anna@example.com', null, '2026-11-04 08:00:00+00');
            insert into statement_adjustments (tenant_id, id, employee_id, period, amount, reason, author, created_at) values
                ('{tenant}', '{Guid.CreateVersion7()}', '{anna}', '2026-10', 3000, 'Премия за проект', 'boss@example.com', '2026-11-03 12:00:00+00');
            """);
        await database.ExecuteAsAdminAsync($"alter database \"{database.Name}\" set timezone = 'Europe/Moscow'");

        Assert.Equal(FromOn("0021"), await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None));

        static string Shown(StatementSummary s) => $"{s.Id} {s.EmployeeId} {s.Period} {s.Revision} {s.Status} {s.Currency} {s.Total} {s.PreviousId} " +
                                                   $"{s.CreatedAt:O} {s.ApprovedAt:O}";
        var latest = await client.GetFromJsonAsync<Page<StatementSummary>>("/api/v1/statements", JsonSerializerOptions.Web);
        Assert.Equal(new[]
            {
                $"{draft} {anna} 2026-10 2 draft RUB 33000.00 {approved} 2026-11-03T12:00:00.0000000+00:00 ",
                $"{takesBack} {anna} 2026-11 2 draft RUB 28500.00 {superseded} 2026-12-02T03:00:00.0000000+00:00 ",
            }.Order(), latest!.Items.Select(Shown).Order());
        var all = await client.GetFromJsonAsync<Page<StatementSummary>>("/api/v1/statements?revisions=all&period=2026-10", JsonSerializerOptions.Web);
        Assert.Equal(new[]
            {
                $"{approved} {anna} 2026-10 1 approved RUB 30000.00  2026-11-01T03:00:00.1234560+00:00 2026-11-02T10:00:00.0000000+00:00",
                $"{draft} {anna} 2026-10 2 draft RUB 33000.00 {approved} 2026-11-03T12:00:00.0000000+00:00 ",
            }.Order(), all!.Items.Select(Shown).Order());
        Assert.Equal([superseded], (await client.GetFromJsonAsync<Page<StatementSummary>>("/api/v1/statements?revisions=all&status=superseded",
            JsonSerializerOptions.Web))!.Items.Select(s => s.Id));

        // Read whole: the lines and inputs as they were, the change against the approved revision, the audit in order.
        var statement = await client.GetFromJsonAsync<StatementResponse>($"/api/v1/statements/{draft}", JsonSerializerOptions.Web);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($"[{Component}, {Adjustment}]"), JsonNode.Parse(statement!.Lines.GetRawText())));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Inputs), JsonNode.Parse(statement.Inputs.GetRawText())));
        Assert.Equal([new LineChange("adjustment", null, null, "Премия за проект", 0, 3000, 3000)], statement.Changes);
        Assert.Equal(
            [
                "calculated system 2026-11-03T12:00:00.0000000+00:00 {\"jobId\":null,\"revision\":2,\"previousId\":\"" + approved + "\"}",
                "adjusted boss@example.com 2026-11-03T12:00:00.5000000+00:00 {\"Amount\":3000,\"Reason\":\"Премия за проект\"}",
                "inquiry anna@example.com 2026-11-04T08:00:00.0000000+00:00 ",
            ],
            statement.Audit.Select(a => $"{a.Action} {a.Actor} {a.At:O} {a.Details?.GetRawText()}"));
        var first = await client.GetFromJsonAsync<StatementResponse>($"/api/v1/statements/{approved}", JsonSerializerOptions.Web);
        Assert.Equal(("approved", "boss@example.com", 2), (first!.Status, first.ApprovedBy, first.Audit.Count));
        var november = await client.GetFromJsonAsync<StatementResponse>($"/api/v1/statements/{superseded}", JsonSerializerOptions.Web);
        Assert.Equal(2500.50m, november!.DrawBalance);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/statements/{elsewhere}")).StatusCode);

        // The state goes on from where it was: the draft is approved and paid; the superseded revision cannot be approved.
        using (var approval = await client.PostAsync($"/api/v1/statements/{draft}/approve", null))
            Assert.Equal(HttpStatusCode.OK, approval.StatusCode);
        using (var refused = await client.PostAsync($"/api/v1/statements/{superseded}/approve", null))
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var payroll = await client.GetStringAsync("/api/v1/periods/2026-10/payroll");
        Assert.Contains($"{anna},\"Анна\",\"\",\"\",2026-10,RUB,33000.00,2,", payroll);

        // A recalculation continues the revisions from the approved one, with the adjustment that was kept.
        var calculation = await Calculations.RunAsync(client, "2026-10");
        Assert.Equal(("succeeded", 1), (calculation.Status, calculation.Changed));
        var third = (await client.GetFromJsonAsync<Page<StatementSummary>>("/api/v1/statements?period=2026-10", JsonSerializerOptions.Web))!.Items.Single();
        Assert.Equal((3, "draft", (Guid?)draft), (third.Revision, third.Status, third.PreviousId));
        var recalculated = await client.GetFromJsonAsync<StatementResponse>($"/api/v1/statements/{third.Id}", JsonSerializerOptions.Web);
        Assert.Contains(recalculated!.Lines.EnumerateArray(), line =>
            line.GetProperty("kind").GetString() == "adjustment" && line.GetProperty("amount").GetDecimal() == 3000m);

        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var moved = new NpgsqlCommand($"""
            select to_regclass('statements') is null and to_regclass('statement_audit') is null and to_regclass('statement_adjustments') is null
                   and (select string_agg(data ->> 'inputsHash', ' ' order by data ->> 'inputsHash') from documents.mt_doc_calculatedstatement
                        where id <> '{third.Id}')
                       = 'AQI= AwQ= BQ== Bg== Bw=='
                   and (select data ->> 'jobId' from documents.mt_doc_calculatedstatement where id = '{approved}') = '{job}'
                   and (select string_agg((data ->> 'takesBack') || ':' || (data ->> 'latest'), ' ' order by data ->> 'revision')
                        from documents.mt_doc_statement where data ->> 'period' = '2026-11') = 'false:false true:true'
                   and (select data ->> 'amount' || ' ' || (data ->> 'reason') || ' ' || (data ->> 'author') || ' ' || (data ->> 'createdAt')
                        from documents.mt_doc_statementadjustment) = '3000.0000 Премия за проект boss@example.com 2026-11-03T12:00:00+00:00'
                   and (select count(*) from documents.mt_doc_statementauditentry where data ->> 'statementId' <> '{third.Id}') = 6
            """, connection);
        Assert.Equal(true, await moved.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_clients_migration_carries_every_client_into_openiddict_with_its_secret_scopes_and_redirect_uris()
    {
        // The database as 0021 left it: a partner whose secret was hashed then, its two frontends (one disabled), and the test
        // API's own clients.
        const string LegacySecret = "legacy-partner-secret-0123456789";
        var database = await MigratedBeforeAsync("0022");
        await database.ExecuteAsOwnerAsync($$"""
            insert into oauth_clients (client_id, name, kind, secret_hash, scopes, redirect_uris, allowed_origins, partner_client_id, status, created_at) values
                ('legacy-partner', 'Legacy partner', 'confidential', '{{Passwords.Hash(LegacySecret)}}', '{partner}', '{}', '{}', null, 'active', '2026-01-01'),
                ('legacy-app-b', 'App B', 'public', null, '{api,offline_access,openid}', '{https://b.example/cb,https://b.example/other}',
                 '{https://b.example}', 'legacy-partner', 'active', '2026-02-02'),
                ('legacy-app-a', 'App A', 'public', null, '{api}', '{https://a.example/cb}', '{https://a.example,https://cdn.a.example}',
                 'legacy-partner', 'disabled', '2026-03-03');
            """);

        Assert.Equal(FromOn("0022"), await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None));

        await using var api = new ApiFactory(database.PooledApplicationConnectionString());
        using var anonymous = api.Client();
        async Task<HttpResponseMessage> TokenAsync(string secret) => await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = "legacy-partner", ["client_secret"] = secret }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync("not-the-secret")).StatusCode);
        var issued = await TokenAsync(LegacySecret);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        using var partner = api.Client();
        partner.DefaultRequestHeaders.Authorization = new("Bearer", (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());

        var clients = await partner.GetFromJsonAsync<List<Saas.Api.Features.Partners.RegisterClient.Response>>("/api/v1/partner/clients", JsonSerializerOptions.Web);
        Assert.Equal([
            "legacy-app-b App B public https://b.example/cb,https://b.example/other https://b.example api,offline_access,openid",
            "legacy-app-a App A public https://a.example/cb https://a.example,https://cdn.a.example api",
        ], clients!.Select(c => $"{c.ClientId} {c.Name} {c.Kind} {string.Join(',', c.RedirectUris)} {string.Join(',', c.AllowedOrigins)} {string.Join(',', c.Scopes)}"));

        // The active frontend still starts a sign-in at its exact redirect URI, PKCE required; the disabled one does not.
        var pkce = BrowserSignIn.Pkce.Create();
        Assert.Contains("<form", await BrowserSignIn.LoadFormAsync(anonymous, BrowserSignIn.AuthorizeUrl("legacy-app-b", "https://b.example/other", pkce)));
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(BrowserSignIn.AuthorizeUrl("legacy-app-a", "https://a.example/cb", pkce))).StatusCode);
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var requirements = new NpgsqlCommand("""
            select string_agg("ClientId" || '=' || coalesce("Requirements", '-'), ' ' order by "ClientId") from openiddict."OpenIddictApplications"
            """, connection);
        Assert.Equal($"legacy-app-a=[\"ft:pkce\"] legacy-app-b=[\"ft:pkce\"] legacy-partner=- {TestSettings.FrontendId}=[\"ft:pkce\"] {TestSettings.PartnerId}=-",
            await requirements.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_sign_in_time_migration_dates_a_session_from_its_start_and_a_code_from_its_issue()
    {
        // A session and a code as 0022 left them, made at known times (the code lives 60 seconds).
        var database = await MigratedBeforeAsync("0023");
        var (tenant, user, session) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await database.ExecuteAsAdminAsync($$"""
            insert into tenants (id, slug, name, currency, time_zone, locale) values ('{{tenant}}', 'dated', 'Dated', 'USD', 'UTC', 'en');
            insert into users (tenant_id, id, email, full_name, role, status) values ('{{tenant}}', '{{user}}', 'dated@example.com', 'Dee', 'admin', 'active');
            insert into sessions (tenant_id, id, user_id, client_id, scopes, created_at)
            values ('{{tenant}}', '{{session}}', '{{user}}', '{{TestSettings.FrontendId}}', '{openid,api,offline_access}', '2026-11-30 10:00:00+00');
            insert into authorization_codes (tenant_id, code_hash, client_id, user_id, redirect_uri, code_challenge, scopes, expires_at)
            values ('{{tenant}}', '\x01', '{{TestSettings.FrontendId}}', '{{user}}', 'https://app.example/cb', 'c', '{api}', '2026-11-30 10:01:00+00');
            """);

        Assert.Equal(1, await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None, before: "0024"));

        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var dated = new NpgsqlCommand("""
            select (select authenticated_at from sessions) = '2026-11-30 10:00:00+00'
               and (select authenticated_at from authorization_codes) = '2026-11-30 10:00:00+00'
            """, connection);
        Assert.Equal(true, await dated.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_sign_out_and_introspection_migration_gives_frontends_and_partners_their_new_endpoint_once()
    {
        // A frontend and a partner as 0022 created them: their endpoints, grants and scopes, nothing of sign-out or introspection.
        var database = await MigratedBeforeAsync("0025");
        await database.ExecuteAsAdminAsync("""
            insert into openiddict."OpenIddictApplications" ("Id", "ClientId", "ClientType", "ConcurrencyToken", "Permissions")
            values (gen_random_uuid(), 'old-frontend', 'public', 'c1', '["ept:authorization", "ept:token", "scp:api"]'),
                   (gen_random_uuid(), 'old-partner', 'confidential', 'c2', '["ept:token", "scp:partner"]'),
                   (gen_random_uuid(), 'bare-frontend', 'public', 'c3', null);
            """);

        Assert.Equal(1, await Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None, before: "0026"));

        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var permissions = new NpgsqlCommand("""
            select "ClientId", "Permissions"::jsonb::text from openiddict."OpenIddictApplications"
            where "ClientId" in ('old-frontend', 'old-partner', 'bare-frontend') order by "ClientId"
            """, connection);
        var found = new List<string>();
        await using (var reader = await permissions.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                found.Add($"{reader.GetString(0)}: {reader.GetString(1)}");
        Assert.Equal([
            """bare-frontend: ["ept:end_session"]""",
            """old-frontend: ["ept:authorization", "ept:token", "scp:api", "ept:end_session"]""",
            """old-partner: ["ept:token", "scp:partner", "ept:introspection"]""",
        ], found);
    }

    [Fact]
    public async Task Instances_starting_together_apply_each_script_exactly_once()
    {
        var database = await TestDatabase.CreateEmptyAsync();

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None))));

        Assert.Equal(Migration.Embedded.Count, applied.Sum());
        Assert.Equal(Migration.Embedded.Count, (await AppliedAsync(database)).Count);
    }

    [Fact]
    public async Task A_changed_script_that_was_already_applied_stops_with_a_clear_message()
    {
        var database = await TestDatabase.CreateAsync();
        var first = Migration.Embedded[0].Name;
        await database.ExecuteAsAdminAsync($"update schema_migrations set checksum = 'edited' where name = '{first}'");

        var error = await Assert.ThrowsAsync<MigrationChecksumException>(() => Runner().ApplyAsync(database.OwnerConnectionString, CancellationToken.None));

        Assert.Contains(first, error.Message);
        Assert.Contains("changed after it was applied", error.Message);
    }

    [Fact]
    public async Task Readiness_reports_pending_migrations_until_they_are_applied()
    {
        var database = await TestDatabase.CreateEmptyAsync();
        // Reachable, but nothing applied yet: the table the runner creates exists and is empty.
        await database.ExecuteAsOwnerAsync("create table schema_migrations (name text primary key, checksum text not null, applied_at timestamptz not null default now()); grant select on schema_migrations to saas_application");
        await using (var api = new ApiFactory(database.PooledApplicationConnectionString()))
        {
            using var client = api.Client();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        }

        await using var migrating = new ApiFactory(database.PooledApplicationConnectionString(), database.OwnerConnectionString);
        using var after = migrating.Client();
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task The_api_binary_migrates_with_the_migrate_verb_and_refuses_to_start_on_an_edited_script()
    {
        var database = await TestDatabase.CreateEmptyAsync();
        var (exitCode, output) = await RunApiAsync(database, "--migrate");
        Assert.True(exitCode == 0, output);
        Assert.Equal(Migration.Embedded.Count, (await AppliedAsync(database)).Count);

        await database.ExecuteAsAdminAsync($"update schema_migrations set checksum = 'edited' where name = '{Migration.Embedded[^1].Name}'");
        (exitCode, output) = await RunApiAsync(database, "--migrate");
        Assert.Equal(1, exitCode);
        Assert.Contains("changed after it was applied", output);
    }

    [Fact]
    public async Task The_init_database_verb_creates_roles_and_database_and_is_idempotent()
    {
        var name = "init_" + Guid.NewGuid().ToString("N")[..8];
        var admin = new NpgsqlConnectionStringBuilder(TestPostgres.AdminConnectionString);
        var owner = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name, Username = name + "_owner", Password = "o" };
        var app = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name, Username = name + "_app", Password = "a" };
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Admin"] = admin.ConnectionString,
            ["ConnectionStrings__Migrations"] = owner.ConnectionString,
            ["ConnectionStrings__Default"] = app.ConnectionString,
        };

        for (var run = 0; run < 2; run++)
        {
            var (exitCode, output) = await ApiCommand.RunAsync(environment, "--init-database");
            Assert.True(exitCode == 0, output);
        }

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name }.ConnectionString);
        await connection.OpenAsync();
        await using var check = new NpgsqlCommand($"""
            select pg_has_role('{name}_app', 'saas_application', 'member'),
                   (select rolbypassrls from pg_roles where rolname = '{name}_app'),
                   (select pg_get_userbyid(relowner) from pg_class where relname = 'events'),
                   (select count(*) from schema_migrations)
            """, connection);
        await using var reader = await check.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.True(reader.GetBoolean(0));
        Assert.False(reader.GetBoolean(1));
        Assert.Equal(name + "_owner", reader.GetString(2));
        Assert.Equal(Migration.Embedded.Count, reader.GetInt64(3));
    }

    private static Task<(int ExitCode, string Output)> RunApiAsync(TestDatabase database, string verb) =>
        ApiCommand.RunAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Migrations"] = database.OwnerConnectionString,
            ["ConnectionStrings__Default"] = database.ApplicationConnectionString,
        }, verb);
}

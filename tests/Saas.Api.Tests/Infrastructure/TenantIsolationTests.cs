using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Tenancy;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>Row-level security is the backstop behind every tenant query: these tests bypass the API's own
/// filters and prove the database alone keeps tenants apart, on the API's own data source (its connections reused without
/// a reset, ADR 0027).</summary>
public class TenantIsolationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private async Task<(Guid A, Guid B)> TwoTenantsWithTeamsAsync()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        foreach (var (tenant, name) in new[] { (a, "A sales"), (a, "A marketing"), (b, "B sales") })
        {
            using var client = fixture.Http.Client(tenant);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/teams", new { name, department = "sales" })).StatusCode);
        }
        return (a, b);
    }

    /// <summary>Two tenants with rows in <c>events</c>, a table that stays SQL (ADR 0012): A has two, B one.</summary>
    private async Task<(Guid A, Guid B)> TwoTenantsWithEventsAsync()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        await fixture.Database.ExecuteAsAdminAsync($"""
            insert into events (tenant_id, source, external_id, type, occurred_at) values
                ('{a}', 'crm', 'A1', 'lead.created', now()), ('{a}', 'crm', 'A2', 'lead.created', now()), ('{b}', 'crm', 'B1', 'lead.created', now())
            """);
        return (a, b);
    }

    [Fact]
    public async Task A_query_without_a_tenant_filter_sees_only_the_current_tenants_rows()
    {
        var (a, b) = await TwoTenantsWithEventsAsync();
        await using var dataSource = DatabaseSetup.CreateDataSource(fixture.Database.PooledApplicationConnectionString());

        await using var work = await UnitOfWork.BeginAsync(dataSource, a, CancellationToken.None);
        var names = (await work.QueryAsync<(Guid TenantId, string ExternalId)>("select tenant_id, external_id from events")).ToList();

        Assert.NotEmpty(names);
        Assert.All(names, row => Assert.Equal(a, row.TenantId));
        Assert.DoesNotContain(names, row => row.TenantId == b);
    }

    [Fact]
    public async Task Without_a_tenant_nothing_is_visible_and_nothing_can_be_written()
    {
        await TwoTenantsWithEventsAsync();
        await using var connection = new NpgsqlConnection(fixture.Database.ApplicationConnectionString);
        await connection.OpenAsync();

        await using (var count = new NpgsqlCommand("select count(*) from events", connection))
            Assert.Equal(0L, await count.ExecuteScalarAsync());
        await using var insert = new NpgsqlCommand(
            $"insert into events (tenant_id, source, external_id, type, occurred_at) values ('{await fixture.CreateTenantAsync()}', 'crm', 'x', 'lead.created', now())", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState); // new row violates row-level security policy
    }

    [Fact]
    public async Task A_tenant_cannot_write_rows_into_another_tenant()
    {
        var (a, b) = await TwoTenantsWithEventsAsync();
        await using var dataSource = DatabaseSetup.CreateDataSource(fixture.Database.PooledApplicationConnectionString());
        await using var work = await UnitOfWork.BeginAsync(dataSource, a, CancellationToken.None);

        var error = await Assert.ThrowsAsync<PostgresException>(() => work.ExecuteAsync(
            "insert into events (tenant_id, source, external_id, type, occurred_at) values (@b, 'crm', 'planted', 'lead.created', now())", new { b }));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task The_application_role_cannot_switch_row_level_security_off()
    {
        var (a, _) = await TwoTenantsWithEventsAsync();
        await using var connection = new NpgsqlConnection(fixture.Database.ApplicationConnectionString);
        await connection.OpenAsync();

        foreach (var statement in new[]
        {
            "alter table events disable row level security",
            "alter table events no force row level security",
            "drop policy tenant_isolation on events",
            "create policy everything on events using (true)",
            "alter role current_user bypassrls",
            "set role saas_owner",
        })
        {
            await using var command = new NpgsqlCommand(statement, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }

        // row_security = off makes a query that RLS would filter fail, instead of letting it see everything.
        await using (var off = new NpgsqlCommand("set row_security = off", connection))
            await off.ExecuteNonQueryAsync();
        await using var select = new NpgsqlCommand($"select set_config('app.tenant_id', '{a}', false); select count(*) from events", connection);
        var denied = await Assert.ThrowsAsync<PostgresException>(() => select.ExecuteScalarAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    [Fact]
    public async Task The_application_role_owns_nothing_and_has_no_bypass()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select r.rolsuper or r.rolbypassrls or r.rolcreaterole or r.rolcreatedb
                or exists (select from pg_class c where c.relowner = r.oid)
                or exists (select from pg_auth_members m join pg_roles g on g.oid = m.roleid
                           where m.member = r.oid and (g.rolsuper or g.rolbypassrls))
            from pg_roles r where r.rolname = 'saas_app'
            """, connection);
        Assert.Equal(false, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_pooled_connection_carries_nothing_from_one_tenant_into_the_next()
    {
        var (a, b) = await TwoTenantsWithEventsAsync();
        // One physical connection, so the second unit of work surely reuses the first one's session, with no reset between:
        // only the transaction's own scoping keeps the tenants apart.
        await using var dataSource = DatabaseSetup.CreateDataSource(fixture.Database.PooledApplicationConnectionString(maxPoolSize: 1));

        int backendOfA;
        await using (var workA = await UnitOfWork.BeginAsync(dataSource, a, CancellationToken.None))
        {
            backendOfA = await workA.QuerySingleAsync<int>("select pg_backend_pid()");
            Assert.Equal(2, await workA.QuerySingleAsync<long>("select count(*) from events"));
            await workA.ExecuteAsync("create temp table session_marker () on commit delete rows");
            await workA.CommitAsync();
        }

        await using (var bare = await dataSource.OpenConnectionAsync())
        {
            await using var probe = new NpgsqlCommand("""
                select pg_backend_pid(), coalesce(current_setting('app.tenant_id', true), ''), (select count(*) from events),
                       to_regclass('pg_temp.session_marker') is not null
                """, bare);
            await using var reader = await probe.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal(backendOfA, reader.GetInt32(0));
            Assert.True(reader.GetBoolean(3), "the session was reset between the two uses: this test no longer runs as the API does");
            Assert.Equal("", reader.GetString(1));
            Assert.Equal(0L, reader.GetInt64(2));
        }

        await using var workB = await UnitOfWork.BeginAsync(dataSource, b, CancellationToken.None);
        Assert.Equal(backendOfA, await workB.QuerySingleAsync<int>("select pg_backend_pid()"));
        Assert.Equal(["B1"], await workB.QueryAsync<string>("select external_id from events"));
    }

    [Fact]
    public async Task A_read_in_one_batch_sees_only_its_tenants_rows_and_documents_and_leaves_its_connection_without_a_tenant()
    {
        var (a, _) = await TwoTenantsWithEventsAsync();
        await using var reads = new OneConnectionReads(fixture.Database, a);
        var db = reads.Db;

        var rows = await db.QueryAsync<(Guid TenantId, string ExternalId)>("select tenant_id, external_id from events order by external_id", null,
            CancellationToken.None);
        Assert.Equal([(a, "A1"), (a, "A2")], rows);
        Assert.NotNull(await db.LoadAsync<TenantSettingsDocument>(a, CancellationToken.None));
        await using (var batch = db.Batch())
        {
            // Past Marten's own tenant filter: the policy alone, on the setting the batch sent first.
            var settingsDocuments = batch.Rows("select tenant_id from documents.mt_doc_tenantsettingsdocument", row => row.GetString(0));
            var externalIds = batch.Rows("select external_id from events where source = ? order by external_id", row => row.GetString(0), "crm");
            await batch.ExecuteAsync(CancellationToken.None);
            Assert.Equal([a.ToString()], await settingsDocuments);
            Assert.Equal(["A1", "A2"], await externalIds);
        }

        await reads.AssertTheConnectionCarriesNoTenantAsync();
    }

    [Fact]
    public async Task A_read_in_one_batch_cannot_write_and_a_failed_one_leaves_its_connection_without_a_tenant_and_usable()
    {
        var (a, _) = await TwoTenantsWithEventsAsync();
        await using var reads = new OneConnectionReads(fixture.Database, a);
        var db = reads.Db;

        var write = await Assert.ThrowsAsync<PostgresException>(() => db.QueryAsync<long>(
            "insert into events (tenant_id, source, external_id, type, occurred_at) values (@TenantId, 'crm', 'A3', 'lead.created', now()) returning id",
            new { db.TenantId }, CancellationToken.None));
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, write.SqlState);
        var failed = await Assert.ThrowsAsync<PostgresException>(() => db.QueryAsync<int>("select 1 / (count(*) - count(*))::int from events", null,
            CancellationToken.None));
        Assert.Equal(PostgresErrorCodes.DivisionByZero, failed.SqlState);

        await reads.AssertTheConnectionCarriesNoTenantAsync();
        Assert.Equal(["A1", "A2"], await db.QueryAsync<string>("select external_id from events order by external_id", null, CancellationToken.None));
    }

    /// <summary>A tenant's one-batch reads (ADR 0031) on a pool of one physical connection, so that a bare probe after them surely
    /// runs in the session they ran in.</summary>
    private sealed class OneConnectionReads : IAsyncDisposable
    {
        private readonly NpgsqlDataSource _dataSource;
        private readonly DocumentStore _store;

        public OneConnectionReads(TestDatabase database, Guid tenant)
        {
            _dataSource = DatabaseSetup.CreateDataSource(database.PooledApplicationConnectionString(maxPoolSize: 1));
            _store = new DocumentStore(Documents.Options(_dataSource));
            Db = new TenantDb(_dataSource, _store, new TenantContext(new HttpContextAccessor
            {
                HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimNames.Tenant, tenant.ToString())])) },
            }));
        }

        public TenantDb Db { get; }

        public async Task AssertTheConnectionCarriesNoTenantAsync()
        {
            await using var bare = await _dataSource.OpenConnectionAsync();
            await using var probe = new NpgsqlCommand(
                "select coalesce(current_setting('app.tenant_id', true), ''), (select count(*) from events), current_setting('transaction_read_only')", bare);
            await using var reader = await probe.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal("", reader.GetString(0));
            Assert.Equal(0L, reader.GetInt64(1));
            Assert.Equal("off", reader.GetString(2));
        }

        public async ValueTask DisposeAsync()
        {
            _store.Dispose();
            await _dataSource.DisposeAsync();
        }
    }

    [Fact]
    public async Task Requests_of_two_tenants_through_one_pooled_connection_stay_apart()
    {
        await using var api = new ApiFactory(fixture.Database.PooledApplicationConnectionString(maxPoolSize: 1));
        var (a, b) = await TwoTenantsWithTeamsAsync();
        using var clientA = api.Client(a);
        using var clientB = api.Client(b);

        for (var round = 0; round < 3; round++)
        {
            var teamsOfA = await (await clientA.GetAsync("/api/v1/teams")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            var teamsOfB = await (await clientB.GetAsync("/api/v1/teams")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            Assert.Equal(2, teamsOfA.GetProperty("items").GetArrayLength());
            Assert.Equal(["B sales"], teamsOfB.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        }
    }

    [Fact]
    public async Task Every_tenant_table_leads_its_key_with_tenant_id_and_has_forced_row_level_security()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select c.relname,
                   c.relrowsecurity,
                   c.relforcerowsecurity,
                   exists (select from pg_policy p where p.polrelid = c.oid and p.polname = 'tenant_isolation'
                           and pg_get_expr(p.polqual, p.polrelid) like '%current_tenant_id()%'
                           and pg_get_expr(p.polwithcheck, p.polrelid) like '%current_tenant_id()%'),
                   (select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
                    where i.indrelid = c.oid and i.indisprimary) as first_key_column,
                   pg_get_userbyid(c.relowner)
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
            where c.relkind in ('r', 'p') and exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = 0;
        var notForced = new List<string>();
        while (await reader.ReadAsync())
        {
            var table = reader.GetString(0);
            Assert.True(reader.GetBoolean(1), $"{table}: row-level security is not enabled");
            if (!reader.GetBoolean(2))
                notForced.Add(table);
            Assert.True(reader.GetBoolean(3), $"{table}: no tenant_isolation policy on current_tenant_id() for USING and WITH CHECK");
            Assert.Equal("tenant_id", reader.IsDBNull(4) ? null : reader.GetString(4));
            Assert.Equal(TestDatabase.OwnerRole, reader.GetString(5));
            tables++;
        }
        Assert.True(tables > 0);
        // Only the tables whose rows are found before the tenant is known (sign-in by e-mail, API keys, a worker
        // claiming the next calculation job, due SLA checks, pending lead facts or webhook deliveries) leave the owner unrestricted, for the
        // SECURITY DEFINER functions; the application role is confined either way.
        Assert.Equal(["api_keys", "calculation_jobs", "lead_facts_pending", "outbox_events", "sla_watch", "users", "webhook_attempts", "webhook_deliveries"],
            notForced.Order());
    }
}

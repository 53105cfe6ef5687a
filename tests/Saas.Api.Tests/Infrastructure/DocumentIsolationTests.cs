using Marten;
using Npgsql;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>The Marten documents (ADR 0012) under the same guarantees as the SQL tables: their schema is the reviewed
/// migration's, <c>tenant_id</c> leads every key, and row-level security alone keeps tenants apart.</summary>
public class DocumentIsolationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string SettingsTable = "documents.mt_doc_tenantsettingsdocument";

    [Fact]
    public async Task The_migrated_schema_is_what_the_document_configuration_asks_for()
    {
        // A document type added or changed without its exported DDL in a migration fails here.
        await using var dataSource = NpgsqlDataSource.Create(fixture.Database.OwnerConnectionString);
        using var store = new DocumentStore(Documents.Options(dataSource));
        await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }

    [Fact]
    public async Task Every_document_table_leads_its_key_with_tenant_id_and_has_martens_forced_row_level_security()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   exists (select from pg_policy p where p.polrelid = c.oid and p.polname = 'marten_tenant_isolation'
                           and pg_get_expr(p.polqual, p.polrelid) like '%current_setting(''app.tenant_id''%'
                           and pg_get_expr(p.polwithcheck, p.polrelid) like '%current_setting(''app.tenant_id''%'),
                   (select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
                    where i.indrelid = c.oid and i.indisprimary),
                   pg_get_userbyid(c.relowner)
            from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'documents'
            where c.relkind in ('r', 'p')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = 0;
        while (await reader.ReadAsync())
        {
            var table = reader.GetString(0);
            Assert.True(reader.GetBoolean(1) && reader.GetBoolean(2), $"{table}: row-level security is not enabled and forced");
            Assert.True(reader.GetBoolean(3), $"{table}: no marten_tenant_isolation policy on app.tenant_id for USING and WITH CHECK");
            Assert.Equal("tenant_id", reader.IsDBNull(4) ? null : reader.GetString(4));
            Assert.Equal(TestDatabase.OwnerRole, reader.GetString(5));
            tables++;
        }
        Assert.True(tables > 0);
    }

    [Fact]
    public async Task A_tenant_reads_and_writes_only_its_own_documents()
    {
        var (a, b) = (await fixture.CreateTenantAsync(), await fixture.CreateTenantAsync());
        await using var dataSource = NpgsqlDataSource.Create(fixture.Database.PooledApplicationConnectionString());
        await using var work = await UnitOfWork.BeginAsync(dataSource, a, CancellationToken.None, fixture.Service<IDocumentStore>());

        Assert.NotNull(await work.Documents.LoadAsync<TenantSettingsDocument>(a));
        Assert.Null(await work.Documents.LoadAsync<TenantSettingsDocument>(b));
        // Past Marten's own tenant filter, the policy alone: one row visible, and none can be planted in another tenant.
        Assert.Equal(1L, await work.ExecuteScalarAsync<long>($"select count(*) from {SettingsTable}"));
        var error = await Assert.ThrowsAsync<PostgresException>(() => work.ExecuteAsync(
            $"insert into {SettingsTable} (tenant_id, id, data) values (@b, gen_random_uuid(), '{{}}')", new { b = b.ToString() }));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task Without_a_tenant_no_document_is_visible()
    {
        await fixture.CreateTenantAsync();
        await using var dataSource = NpgsqlDataSource.Create(fixture.Database.PooledApplicationConnectionString());
        await using var work = await UnitOfWork.BeginAsync(dataSource, null, CancellationToken.None);
        // A transaction that set no tenant compares with an empty setting: nothing matches.
        await work.ExecuteAsync("select set_config('app.tenant_id', '', true)");
        Assert.Equal(0L, await work.ExecuteScalarAsync<long>($"select count(*) from {SettingsTable}"));
    }

    [Fact]
    public async Task The_application_role_cannot_switch_the_documents_row_level_security_off()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ApplicationConnectionString);
        await connection.OpenAsync();
        foreach (var statement in new[]
        {
            $"alter table {SettingsTable} disable row level security",
            $"alter table {SettingsTable} no force row level security",
            $"drop policy marten_tenant_isolation on {SettingsTable}",
            $"create policy everything on {SettingsTable} using (true)",
            "create table documents.planted (id int)",
        })
        {
            await using var command = new NpgsqlCommand(statement, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
    }
}

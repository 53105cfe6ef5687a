using System.Text.Json;
using Marten;
using Npgsql;
using Saas.Api.Features.Assistant;
using Saas.Api.Features.Employees;
using Saas.Api.Features.Plans;
using Saas.Api.Features.Statements;
using Saas.Api.Features.Teams;
using Saas.Api.Features.Tenant;
using Saas.Api.Features.Webhooks;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>The Marten documents (ADR 0012) under the same guarantees as the SQL tables: their schema is the reviewed
/// migration's, <c>tenant_id</c> leads every key, and row-level security alone keeps tenants apart.</summary>
public class DocumentIsolationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string SettingsTable = "documents.mt_doc_tenantsettingsdocument";
    private const string SubscriptionsTable = "documents.mt_doc_webhooksubscription";

    [Fact]
    public async Task The_migrated_schema_is_what_the_document_configuration_asks_for()
    {
        // A document type added or changed without its exported DDL in a migration fails here.
        await using var dataSource = NpgsqlDataSource.Create(fixture.Database.OwnerConnectionString);
        using var store = new DocumentStore(Documents.SchemaOptions(dataSource));
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

    /// <summary>Every table of the documents schema, so that a new document type is held to the same tests.</summary>
    private async Task<List<string>> DocumentTablesAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select 'documents.' || tablename from pg_tables where schemaname = 'documents' order by tablename", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
            tables.Add(reader.GetString(0));
        Assert.Contains(SettingsTable, tables);
        Assert.Contains(SubscriptionsTable, tables);
        Assert.Contains("documents.mt_doc_statementinquiry", tables);
        Assert.Contains("documents.mt_doc_team", tables);
        Assert.Contains("documents.mt_doc_employee", tables);
        Assert.Contains("documents.mt_doc_plan", tables);
        Assert.Contains("documents.mt_doc_planrevision", tables);
        Assert.Contains("documents.mt_doc_statement", tables);
        Assert.Contains("documents.mt_doc_calculatedstatement", tables);
        Assert.Contains("documents.mt_doc_statementauditentry", tables);
        Assert.Contains("documents.mt_doc_statementadjustment", tables);
        Assert.Contains("documents.mt_doc_conversation", tables);
        return tables;
    }

    /// <summary>A document of every type for the tenant, so that each table has rows another tenant must not see.</summary>
    private async Task<Guid> TenantWithDocumentsAsync(NpgsqlDataSource dataSource)
    {
        var tenant = await fixture.CreateTenantAsync();
        await using var work = await UnitOfWork.BeginAsync(dataSource, tenant, CancellationToken.None, fixture.Service<IDocumentStore>());
        work.Documents.Store(new WebhookSubscription { Id = Guid.CreateVersion7(), Url = "https://hooks.example.com/", Events = ["plan.activated"], Secret = "x" });
        work.Documents.Store(new StatementInquiry { Id = Guid.CreateVersion7(), EmployeeId = Guid.CreateVersion7(), Period = "2026-11", StatementId = Guid.CreateVersion7() });
        work.Documents.Insert(new Team { Id = Guid.CreateVersion7(), Name = "Sales", Department = "sales" });
        work.Documents.Insert(new Employee { Id = Guid.CreateVersion7(), FullName = "Анна", Role = "sales_manager", Department = "sales", Currency = "RUB" });
        var plan = new Plan { Id = Guid.CreateVersion7(), Name = "Sales", Document = JsonDocument.Parse("{}").RootElement };
        work.Documents.Insert(plan);
        work.Documents.Insert(new PlanRevision { Id = Guid.CreateVersion7(), PlanId = plan.Id, Version = 1, Document = plan.Document });
        var statement = new Statement { Id = Guid.CreateVersion7(), EmployeeId = Guid.CreateVersion7(), Period = "2026-11", Revision = 1, Latest = true, Currency = "RUB" };
        work.Documents.Insert(statement);
        work.Documents.Insert(new CalculatedStatement
        {
            Id = statement.Id,
            EmployeeId = statement.EmployeeId,
            Period = statement.Period,
            Revision = 1,
            Currency = "RUB",
            Lines = JsonDocument.Parse("[]").RootElement,
            Inputs = JsonDocument.Parse("{}").RootElement,
            InputsHash = "x",
        });
        work.Documents.Insert(StatementAuditEntry.For(statement.Id, "calculated", "system", DateTimeOffset.UtcNow));
        work.Documents.Insert(new StatementAdjustment { Id = Guid.CreateVersion7(), EmployeeId = statement.EmployeeId, Period = statement.Period, Amount = 1, Reason = "x" });
        work.Documents.Insert(new Conversation { Id = Guid.CreateVersion7(), Title = "x", State = JsonDocument.Parse("{}").RootElement });
        await work.CommitAsync();
        return tenant;
    }

    [Fact]
    public async Task A_tenant_reads_and_writes_only_its_own_documents()
    {
        await using var dataSource = DatabaseSetup.CreateDataSource(fixture.Database.PooledApplicationConnectionString());
        var (a, b) = (await TenantWithDocumentsAsync(dataSource), await TenantWithDocumentsAsync(dataSource));
        await using var work = await UnitOfWork.BeginAsync(dataSource, a, CancellationToken.None, fixture.Service<IDocumentStore>());

        Assert.NotNull(await work.Documents.LoadAsync<TenantSettingsDocument>(a));
        Assert.Null(await work.Documents.LoadAsync<TenantSettingsDocument>(b));
        Assert.Single(await work.Documents.Query<WebhookSubscription>().ToListAsync());
        // Past Marten's own tenant filter, the policy alone: only the tenant's rows are visible, and none can be planted in
        // another tenant.
        foreach (var table in await DocumentTablesAsync())
        {
            Assert.Equal([a.ToString()], await work.QueryAsync<string>($"select distinct tenant_id from {table}"));
            await work.Transaction.SaveAsync("planting");
            var error = await Assert.ThrowsAsync<PostgresException>(() => work.ExecuteAsync(
                $"insert into {table} (tenant_id, id, data) values (@b, gen_random_uuid(), '{{}}')", new { b = b.ToString() }));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
            await work.Transaction.RollbackAsync("planting");
        }
    }

    [Fact]
    public async Task Without_a_tenant_no_document_is_visible()
    {
        await using var dataSource = DatabaseSetup.CreateDataSource(fixture.Database.PooledApplicationConnectionString());
        await TenantWithDocumentsAsync(dataSource);
        await using var work = await UnitOfWork.BeginAsync(dataSource, null, CancellationToken.None);
        // A transaction that set no tenant compares with an empty setting: nothing matches.
        await work.ExecuteAsync("select set_config('app.tenant_id', '', true)");
        foreach (var table in await DocumentTablesAsync())
            Assert.Equal(0L, await work.ExecuteScalarAsync<long>($"select count(*) from {table}"));
    }

    [Theory]
    [InlineData("documents.mt_doc_planrevision")]
    [InlineData("documents.mt_doc_calculatedstatement")]
    [InlineData("documents.mt_doc_statementauditentry")]
    [InlineData("documents.mt_doc_statementadjustment")]
    public async Task A_history_document_once_written_is_never_changed_or_removed_by_the_application(string table)
    {
        await using var dataSource = DatabaseSetup.CreateDataSource(fixture.Database.PooledApplicationConnectionString());
        var tenant = await TenantWithDocumentsAsync(dataSource);
        await using var work = await UnitOfWork.BeginAsync(dataSource, tenant, CancellationToken.None);
        Assert.Equal(1L, await work.ExecuteScalarAsync<long>($"select count(*) from {table}"));
        foreach (var statement in new[] { $"update {table} set data = jsonb_set(data, '{{id}}', '\"x\"')", $"delete from {table}" })
        {
            await work.Transaction.SaveAsync("attempt");
            var error = await Assert.ThrowsAsync<PostgresException>(() => work.ExecuteAsync(statement));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
            await work.Transaction.RollbackAsync("attempt");
        }
    }

    [Fact]
    public async Task A_statement_is_never_deleted_by_the_application()
    {
        await using var dataSource = DatabaseSetup.CreateDataSource(fixture.Database.PooledApplicationConnectionString());
        var tenant = await TenantWithDocumentsAsync(dataSource);
        await using var work = await UnitOfWork.BeginAsync(dataSource, tenant, CancellationToken.None);
        var error = await Assert.ThrowsAsync<PostgresException>(() => work.ExecuteAsync("delete from documents.mt_doc_statement"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task The_application_role_cannot_switch_the_documents_row_level_security_off()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ApplicationConnectionString);
        await connection.OpenAsync();
        var statements = (await DocumentTablesAsync()).SelectMany(table => new[]
        {
            $"alter table {table} disable row level security",
            $"alter table {table} no force row level security",
            $"drop policy marten_tenant_isolation on {table}",
            $"create policy everything on {table} using (true)",
        }).Append("create table documents.planted (id int)");
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
    }
}

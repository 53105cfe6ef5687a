using JasperFx;
using Marten;
using Marten.Schema;
using Marten.Schema.Indexing.Unique;
using Npgsql;
using Saas.Api.Features.Assistant;
using Saas.Api.Features.Employees;
using Saas.Api.Features.Plans;
using Saas.Api.Features.Statements;
using Saas.Api.Features.Teams;
using Saas.Api.Features.Tenant;
using Saas.Api.Features.Webhooks;
using Weasel.Core;

namespace Saas.Api.Infrastructure.Database;

/// <summary>The tenant documents in Marten (ADR 0012): conjoined tenancy with <c>tenant_id</c> leading every key, guarded
/// by Marten's own row-level security on the same per-transaction <c>app.tenant_id</c> the SQL tables use. Marten creates
/// nothing at run time: its DDL is exported with <c>--document-schema</c> into a numbered migration, applied by the owner.
/// A session is opened on a unit of work's transaction (<see cref="UnitOfWork.Documents"/>), or for a read whose batch sets the
/// tenant first (<see cref="ReadBatch"/>, ADR 0031); never otherwise.</summary>
/// <remarks>The schema's configuration (<see cref="SchemaOptions"/>: the DDL, and what the schema test compares the database
/// with) has Marten's <c>UseRowLevelSecurity</c>, so its policies are Marten's own. The store the API runs on
/// (<see cref="Options"/>) leaves it out: with it, Marten sets <c>app.tenant_id</c> again, at session level, before a
/// session's first command and resets it when the session ends — two more round trips a request, for a value the unit of
/// work's transaction has already set locally (ADR 0012, "Measured since"). It has to stay out: pooled connections are not
/// reset between uses (ADR 0027), so nothing may set the tenant at session level.</remarks>
public static class Documents
{
    public const string Schema = "documents";

    public const string TenantSetting = "app.tenant_id";

    /// <summary>The configuration of the schema: what <c>--document-schema</c> prints and the database is checked against.</summary>
    public static StoreOptions SchemaOptions(NpgsqlDataSource dataSource)
    {
        var options = Options(dataSource);
        options.UseRowLevelSecurity(TenantSetting);
        return options;
    }

    /// <summary>The configuration the API runs on: the schema's, without setting <c>app.tenant_id</c> per session.</summary>
    public static StoreOptions Options(NpgsqlDataSource dataSource)
    {
        var options = new StoreOptions();
        options.Connection(dataSource);
        options.DatabaseSchemaName = Schema;
        options.AutoCreateSchemaObjects = AutoCreate.None;
        options.Serializer(new BufferedRowsSerializer { EnumStorage = EnumStorage.AsString, Casing = Casing.CamelCase });
        // Sessions run on the unit of work's transaction, so a retry after a broken connection finds that transaction gone
        // and fails as a 500 where the failure is a 503; the client retries the whole request instead. A read's batch
        // (ReadBatch) is not retried either: it fails as a 503 like the unit of work's reads.
        options.ConfigurePolly(_ => { });
        options.ConfigureWritePolly(_ => { });
        options.Policies.AllDocumentsAreMultiTenanted();
        options.Policies.ForAllDocuments(mapping => mapping.PrimaryKeyTenancyOrdering = PrimaryKeyTenancyOrdering.TenantId_Then_Id);
        options.Schema.For<TenantSettingsDocument>().UseNumericRevisions(true);
        options.Schema.For<WebhookSubscription>();
        options.Schema.For<StatementInquiry>();
        options.Schema.For<Team>().UseNumericRevisions(true).Index(team => team.Name, index =>
        {
            index.Name = Team.NameIndex;
            index.IsUnique = true;
            index.Casing = ComputedIndex.Casings.Lower;
            index.TenancyScope = TenancyScope.PerTenant;
        });
        // The columns reports and counts group and join by in SQL; Marten keeps them equal to the JSON on every write.
        options.Schema.For<Employee>().UseNumericRevisions(true)
            .Duplicate(employee => employee.TeamId, configure: index => index.TenancyScope = TenancyScope.PerTenant)
            .Duplicate(employee => employee.Role, notNull: true, configure: index => index.TenancyScope = TenancyScope.PerTenant)
            .Duplicate(employee => employee.Status, notNull: true, configure: index => index.TenancyScope = TenancyScope.PerTenant)
            .Index(employee => employee.Email!, index =>
            {
                index.Name = Employee.EmailIndex;
                index.IsUnique = true;
                index.Casing = ComputedIndex.Casings.Lower;
                index.TenancyScope = TenancyScope.PerTenant;
            });
        options.Schema.For<Conversation>().UseNumericRevisions(true);
        options.Schema.For<Plan>().UseNumericRevisions(true);
        options.Schema.For<PlanRevision>().UniqueIndex(UniqueIndexType.Computed, PlanRevision.PlanVersionIndex, TenancyScope.PerTenant,
            revision => revision.PlanId, revision => revision.Version);
        // Statements are listed by period and employee; the revisions, audit entries and adjustments are only ever inserted.
        options.Schema.For<Statement>()
            .Duplicate(statement => statement.Period, notNull: true, configure: index => index.TenancyScope = TenancyScope.PerTenant)
            .Duplicate(statement => statement.EmployeeId, configure: index => index.TenancyScope = TenancyScope.PerTenant);
        options.Schema.For<CalculatedStatement>().UniqueIndex(UniqueIndexType.Computed, CalculatedStatement.RevisionIndex, TenancyScope.PerTenant,
            statement => statement.EmployeeId, statement => statement.Period, statement => statement.Revision);
        options.Schema.For<StatementAuditEntry>().Index(entry => entry.StatementId, index => index.TenancyScope = TenancyScope.PerTenant);
        options.Schema.For<StatementAdjustment>().Index(adjustment => adjustment.Period, index => index.TenancyScope = TenancyScope.PerTenant);
        return options;
    }

    public static IServiceCollection AddDocuments(this IServiceCollection services) =>
        services.AddSingleton<IDocumentStore>(provider => new DocumentStore(Options(provider.GetRequiredService<NpgsqlDataSource>())));

    /// <summary><c>--document-schema</c>: writes the DDL of every document type to standard output, for the next
    /// numbered migration (the migration adds the grants and moves existing rows).</summary>
    public static int? RunDocumentSchemaCommand(string[] args)
    {
        if (!args.Contains("--document-schema"))
            return null;
        // The script is made from the configuration alone; the data source is never opened.
        using var dataSource = NpgsqlDataSource.Create("Host=localhost");
        using var store = new DocumentStore(SchemaOptions(dataSource));
        Console.Out.Write(store.Storage.ToDatabaseScript());
        return 0;
    }
}

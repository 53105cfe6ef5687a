using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements.ListStatements;

/// <summary>The tenant's statements for managers and admins; an employee sees only their own.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, Page<StatementSummary>>
{
    public override void Configure()
    {
        Get("");
        Group<StatementsGroup>();
        Policies(Infrastructure.Auth.Policies.TenantUser);
        Description(route => route.WithName("ListStatements"));
        Summary(summary => summary.Summary = "List statements, filtered by period and employee");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken) =>
        await Send.OkAsync(await StatementLists.ReadAsync(db, request, request.EmployeeId, StatementAccess.OnlyEmployee(User), cancellationToken),
            cancellationToken);
}

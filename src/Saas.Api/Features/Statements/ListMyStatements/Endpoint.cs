using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements.ListMyStatements;

/// <summary>The signed-in user's own statements, whatever their role.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, Page<StatementSummary>>
{
    public override void Configure()
    {
        Get("me/statements");
        Policies(Infrastructure.Auth.Policies.TenantUser);
        Description(route => route.WithName("ListMyStatements").WithTags("Statements"));
        Summary(summary => summary.Summary = "List the signed-in employee's own statements");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken) =>
        await Send.OkAsync(await StatementLists.ReadAsync(db, request, employeeId: null, StatementAccess.Own(User), cancellationToken), cancellationToken);
}

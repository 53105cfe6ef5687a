using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements.GetMyStatement;

/// <summary>One of the signed-in user's own statements, whatever their role: the detail beside <c>/me/statements</c>, so an
/// employee's app never needs the tenant-wide routes. Another person's statement is 404, as a missing one is.</summary>
public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<StatementResponse>
{
    public override void Configure()
    {
        Get("me/statements/{id:guid}");
        Policies(Infrastructure.Auth.Policies.TenantUser);
        Description(route => route.WithName("GetMyStatement").WithTags("Statements").ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary => summary.Summary = "Get one of the signed-in employee's own statements");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        var statement = await work.Documents.LoadAsync<Statement>(id, cancellationToken);
        if (statement is null || statement.EmployeeId != StatementAccess.Own(User))
        {
            await Send.ResultAsync(Problems.NotFound("statement", id));
            return;
        }
        await Send.OkAsync(await StatementAccess.ReadAsync(work, statement, cancellationToken), cancellationToken);
    }
}

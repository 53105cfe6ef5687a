using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements.GetStatement;

public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<StatementResponse>
{
    public override void Configure()
    {
        Get("{id:guid}");
        Group<StatementsGroup>();
        Policies(Infrastructure.Auth.Policies.TenantUser);
        Description(route => route.WithName("GetStatement"));
        Summary(summary => summary.Summary = "Get a statement with its lines, formulas and explanations");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        if (await StatementAccess.VisibleAsync(work, id, User, cancellationToken) is not { } statement)
        {
            await Send.ResultAsync(Problems.NotFound("statement", id));
            return;
        }
        await Send.OkAsync(await StatementAccess.ReadAsync(work, statement, cancellationToken), cancellationToken);
    }
}

using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans.UpdatePlan;

/// <summary><c>PUT</c> a whole plan document over a draft. Active and retired plans are frozen: statements were
/// computed from them.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<PlanDocument, PlanResponse>
{
    public override void Configure()
    {
        Put("{id:guid}");
        Group<PlansGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        RequestBinder(PlanBodyBinder.Instance);
        Description(route => route.WithName("UpdatePlan")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary => summary.Summary = "Replace the document of a draft plan");
    }

    public override async Task HandleAsync(PlanDocument document, CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        var expectedVersion = IfMatchVersion.Expected(HttpContext);
        if (PlanBodies.Check(document) is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }

        var json = PlanJson.Serialize(document);
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<PlanRow>($"""
            update plans set name = @name, document = @json::jsonb, version = version + 1, updated_at = now()
            where tenant_id = @TenantId and id = @id and status = 'draft' and (@expectedVersion::int is null or version = @expectedVersion)
            returning {PlanRow.Columns}
            """, new { work.TenantId, id, expectedVersion, name = document.Name.Trim(), json });
        if (row is null)
        {
            await Send.ResultAsync(await PlanBodies.MissingOrChangedAsync(work, id, expectedVersion));
            return;
        }
        await PlanBodies.RecordRevisionAsync(work, row.Id, row.Version, json, User);
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(row.Version);
        await Send.OkAsync(row.ToResponse(), cancellationToken);
    }
}

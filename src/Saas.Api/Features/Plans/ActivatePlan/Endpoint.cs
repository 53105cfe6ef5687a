using FastEndpoints;
using Saas.Api.Features.Webhooks;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans.ActivatePlan;

/// <summary>Puts a draft in force from <c>effectiveFrom</c>. An active plan that covers the same role, team or
/// employee from that day on ends the day before (and is retired if that leaves it nothing), so that at most one
/// active plan applies to an assignment on any day; a statement prorates a period split between them by days. A plan
/// that starts after this one's last day is left alone; its later days do not come back to an earlier plan it ended.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, Response>
{
    private sealed record ActiveRow(Guid Id, string Name, string Document, DateOnly EffectiveFrom, DateOnly? EffectiveTo);

    public override void Configure()
    {
        Post("{id:guid}/activate");
        Group<PlansGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("ActivatePlan")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary => summary.Summary = "Activate a plan from a date");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var expectedVersion = IfMatchVersion.Expected(HttpContext);
        var id = request.Id;
        var from = request.EffectiveFrom!.Value;

        await using var work = await db.BeginAsync(cancellationToken);
        // One activation at a time per tenant: two concurrent activations must not both keep their overlap.
        await work.LockAsync($"plans:activate:{work.TenantId}");
        var draft = await work.QuerySingleOrDefaultAsync<PlanRow>(
            $"select {PlanRow.Columns} from plans where tenant_id = @TenantId and id = @id for update", new { work.TenantId, id });
        if (draft is null || draft.Status != "draft" || (expectedVersion is not null && expectedVersion != draft.Version))
        {
            await Send.ResultAsync(await PlanBodies.MissingOrChangedAsync(work, id, expectedVersion));
            return;
        }

        var document = draft.ReadDocument();
        var (start, endExclusive) = Coverage(document);
        if (from < start || from >= endExclusive)
        {
            await Send.ResultAsync(Problems.Validation("effectiveFrom",
                $"'effectiveFrom' must fall within the plan's periods, {start:yyyy-MM-dd} to {endExclusive.AddDays(-1):yyyy-MM-dd}.", "WithinPeriods"));
            return;
        }

        var keys = TargetKeys(document);
        var superseded = new List<Superseded>();
        var active = await work.QueryAsync<ActiveRow>(
            "select id, name, document::text as document, effective_from, effective_to from plans where tenant_id = @TenantId and status = 'active' for update",
            new { work.TenantId });
        foreach (var other in active)
        {
            var otherDocument = PlanJson.Deserialize(other.Document);
            var otherEnd = other.EffectiveTo ?? Coverage(otherDocument).EndExclusive.AddDays(-1);
            // Only a plan in force on some day from effectiveFrom to this plan's last day, for the same people, gives way.
            if (otherEnd < from || other.EffectiveFrom >= endExclusive || !TargetKeys(otherDocument).Overlaps(keys))
                continue;
            // It ends the day before; one that had not started by then is retired without a day in force.
            var (status, effectiveTo) = other.EffectiveFrom < from ? ("active", from.AddDays(-1)) : ("retired", other.EffectiveFrom.AddDays(-1));
            await work.ExecuteAsync("""
                update plans set effective_to = @effectiveTo, status = @status, version = version + 1, updated_at = now()
                where tenant_id = @TenantId and id = @Id
                """, new { work.TenantId, other.Id, effectiveTo, status });
            superseded.Add(new Superseded(other.Id, other.Name, status, effectiveTo));
        }

        var row = await work.QuerySingleAsync<PlanRow>($"""
            update plans set status = 'active', effective_from = @from, effective_to = null, activated_at = now(),
                version = version + 1, updated_at = now()
            where tenant_id = @TenantId and id = @id
            returning {PlanRow.Columns}
            """, new { work.TenantId, id, from });
        await Outbox.EnqueueAsync(work, WebhookEvents.PlanActivated, new PlanActivated(row.Id, row.Name, from, document.Periods, superseded));
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(row.Version);
        await Send.OkAsync(new Response(row.ToResponse(), superseded), cancellationToken);
    }

    /// <summary>The days a plan's periods cover; the plan validator has already checked that they parse.</summary>
    private static (DateOnly Start, DateOnly EndExclusive) Coverage(PlanDocument document)
    {
        var periods = document.Periods.Select(Period.Parse).ToList();
        return (periods.Min(p => p.Start), periods.Max(p => p.EndExclusive));
    }

    private static HashSet<string> TargetKeys(PlanDocument document) =>
        document.Assignments.Select(a => a switch
        {
            { Role: { } role } => "role:" + role.WireName(),
            { TeamId: { } team } => "team:" + team,
            { EmployeeId: { } employee } => "employee:" + employee,
            _ => "",
        }).ToHashSet(StringComparer.Ordinal);
}

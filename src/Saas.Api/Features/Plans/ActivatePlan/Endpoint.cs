using FastEndpoints;
using Marten;
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
        var id = request.Id;
        var from = request.EffectiveFrom!.Value;

        await using var work = await db.BeginAsync(cancellationToken);
        // One activation at a time per tenant: two concurrent activations must not both keep their overlap. Only an
        // activation changes an active plan, so the active plans read below stay as read.
        await work.LockAsync($"plans:activate:{work.TenantId}");
        await Plan.LockAsync(work, id);
        var draft = await work.Documents.LoadAsync<Plan>(id, cancellationToken);
        if (PlanBodies.CannotChange(draft, id, HttpContext) is { } cannot)
        {
            await Send.ResultAsync(cannot);
            return;
        }

        var document = draft!.ReadDocument();
        var (start, endExclusive) = Coverage(document);
        if (from < start || from >= endExclusive)
        {
            await Send.ResultAsync(Problems.Validation("effectiveFrom",
                $"'effectiveFrom' must fall within the plan's periods, {start:yyyy-MM-dd} to {endExclusive.AddDays(-1):yyyy-MM-dd}.", "WithinPeriods"));
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var keys = TargetKeys(document);
        var superseded = new List<Superseded>();
        var active = await work.Documents.Query<Plan>().Where(p => p.Status == Plan.Active).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        foreach (var other in active)
        {
            var otherDocument = other.ReadDocument();
            var otherFrom = other.EffectiveFrom!.Value;
            var otherEnd = other.EffectiveTo ?? Coverage(otherDocument).EndExclusive.AddDays(-1);
            // Only a plan in force on some day from effectiveFrom to this plan's last day, for the same people, gives way.
            if (otherEnd < from || otherFrom >= endExclusive || !TargetKeys(otherDocument).Overlaps(keys))
                continue;
            // It ends the day before; one that had not started by then is retired without a day in force.
            (other.Status, other.EffectiveTo) = otherFrom < from ? (Plan.Active, from.AddDays(-1)) : (Plan.Retired, otherFrom.AddDays(-1));
            other.UpdatedAt = now;
            work.Documents.UpdateRevision(other, other.Version + 1);
            superseded.Add(new Superseded(other.Id, other.Name, other.Status, other.EffectiveTo));
        }

        draft.Status = Plan.Active;
        draft.EffectiveFrom = from;
        draft.EffectiveTo = null;
        draft.ActivatedAt = now;
        draft.UpdatedAt = now;
        work.Documents.UpdateRevision(draft, draft.Version + 1);
        await Outbox.EnqueueAsync(work, WebhookEvents.PlanActivated, new PlanActivated(draft.Id, draft.Name, from, document.Periods, superseded));
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(draft.Version);
        await Send.OkAsync(new Response(draft.ToResponse(), superseded), cancellationToken);
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

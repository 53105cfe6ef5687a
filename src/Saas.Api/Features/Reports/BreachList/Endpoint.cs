using FastEndpoints;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Reports.BreachList;

/// <summary><c>GET /sla/breaches</c>: leads of a period answered late or still unanswered past their deadline, with how
/// far over (in working minutes), oldest first.</summary>
public sealed class Endpoint(TenantDb db, LeadFactsRefresher facts, TimeProvider time) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("breaches");
        Group<SlaGroup>();
        Description(route => route.WithName("SlaBreaches"));
        Summary(summary => summary.Summary = "Leads answered late or not yet, with the time overdue");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var range = request.Range;
        var after = request.Cursor is { } cursor && BreachCursor.TryDecode(cursor, out var position) ? position : 0;

        await facts.CatchUpAsync(db, cancellationToken);
        await using var work = await db.BeginAsync(cancellationToken);
        var tenant = await TenantProfile.LoadAsync(work);
        var calendar = tenant.Calendar();
        var now = time.GetUtcNow();
        var breaches = new List<(LeadFact Lead, SlaTiming Timing)>();
        await foreach (var lead in LeadFact.ReadAsync(work, range, tenant))
        {
            var timing = SlaTiming.Of(lead, calendar, tenant.Settings, now);
            if (timing.InTime == false)
                breaches.Add((lead, timing));
        }
        // Creation then id, the cursor's order: sorted here rather than by PostgreSQL, whose sort of a month's wide rows
        // spills to disk with the default work_mem. Only the breaches are held.
        breaches.Sort((a, b) => a.Lead.Created != b.Lead.Created
            ? a.Lead.Created.CompareTo(b.Lead.Created)
            : string.CompareOrdinal(a.Lead.LeadId, b.Lead.LeadId));
        var take = request.Limit ?? PageQuery.DefaultLimit;
        var page = breaches.Skip(after).Take(take)
            .Select(t => new Breach(t.Lead.LeadId, t.Lead.Created, t.Timing.Due, t.Lead.FirstResponse, t.Timing.OverdueMinutes(calendar, t.Lead.FirstResponse, now),
                t.Timing.Responsible, t.Lead.Channel, t.Lead.Campaign, t.Timing.Start))
            .ToList();
        await Send.OkAsync(new Response(page, after + take < breaches.Count ? BreachCursor.Encode(after + take) : null), cancellationToken);
    }
}

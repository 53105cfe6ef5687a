using FastEndpoints;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Reports.BreachList;

/// <summary><c>GET /sla/breaches</c>: leads of a period answered late or still unanswered past their deadline, with how
/// far over (in working minutes), oldest first.</summary>
public sealed class Endpoint(TenantDb db, TimeProvider time) : Endpoint<Request, Response>
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
        var position = request.Cursor is { } cursor && BreachCursor.TryDecode(cursor, out var decoded) ? decoded : default;

        await LeadFactsRefresher.CatchUpAsync(db, [range], withDeals: false, cancellationToken);
        await using var work = await db.BeginAsync(cancellationToken);
        var tenant = await TenantProfile.LoadAsync(work);
        var calendar = tenant.Calendar();
        var now = time.GetUtcNow();
        var take = request.Limit ?? PageQuery.DefaultLimit;
        // The leads in the cursor's order (creation, then id) from where the last page ended, a chunk at a time, until the
        // page and one more breach are found: a page of a year's breaches holds a chunk and a page, not every breach of the year.
        var page = new List<Breach>(take);
        var skip = position.Skip;
        var more = false;
        var last = position.After;
        while (!more)
        {
            var read = 0;
            await foreach (var lead in LeadFact.ReadInOrderAsync(work, range, tenant, last, ChunkSize))
            {
                read++;
                last = (lead.Clock.Created, lead.LeadId);
                var timing = SlaTiming.Of(lead.Clock, calendar, tenant.Settings, now);
                if (timing.InTime != false || skip-- > 0)
                    continue;
                if (page.Count == take)
                {
                    more = true;
                    break;
                }
                page.Add(new Breach(lead.LeadId, lead.Clock.Created, timing.Due, lead.Clock.FirstResponse,
                    timing.OverdueMinutes(calendar, lead.Clock.FirstResponse, now),
                    timing.Responsible, lead.Channel, lead.Campaign, timing.Start));
            }
            if (read < ChunkSize)
                break;
        }
        await Send.OkAsync(new Response(page, more ? BreachCursor.Encode(page[^1].CreatedAt, page[^1].LeadId) : null), cancellationToken);
    }

    /// <summary>Leads read at a time: a statement a few milliseconds long, and a few hundred kilobytes held. A test makes it
    /// small to cross chunks; any size gives the same pages.</summary>
    internal static int ChunkSize { get; set; } = 5_000;
}

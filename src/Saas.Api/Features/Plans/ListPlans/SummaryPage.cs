using System.Linq.Expressions;
using Marten;
using Marten.Linq;

namespace Saas.Api.Features.Plans.ListPlans;

/// <summary>A page of plan summaries in id order, projected in the query: only what a summary shows is read, since a plan's
/// document and the generator's explanation are most of its bytes. Compiled, so that a request does not parse the
/// projection again; with every status and <see cref="Guid.Empty"/> when the request filters on neither.</summary>
public sealed class SummaryPage : ICompiledListQuery<Plan, PlanSummary>
{
    public Guid After { get; init; }

    public string[] Statuses { get; init; } = Plan.Statuses;

    public int Take { get; init; }

    public Expression<Func<IMartenQueryable<Plan>, IEnumerable<PlanSummary>>> QueryIs() =>
        plans => plans.Where(p => p.Id > After && p.Status.IsOneOf(Statuses)).OrderBy(p => p.Id).Take(Take)
            .Select(p => new PlanSummary(p.Id, p.Name, p.Status, p.Source, p.Periods, p.EffectiveFrom, p.EffectiveTo, p.Version, p.CreatedAt, p.UpdatedAt));
}

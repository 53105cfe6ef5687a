using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

/// <summary>A plan and the one of its periods that a review or a simulation asks about, with the tenant's locale for the
/// words of the answer.</summary>
public sealed record PlanInPeriod(Plan Plan, PlanDocument Document, Period Period, string Locale)
{
    /// <summary>The plan in that period, or the problem to answer: 404 when the plan is not there, a validation error when
    /// it does not cover the period.</summary>
    public static async Task<(PlanInPeriod? Found, ProblemHttpResult? Problem)> LoadAsync(UnitOfWork work, Guid id, string period,
        CancellationToken cancellationToken, string field = "period")
    {
        var plan = await work.Documents.LoadAsync<Plan>(id, cancellationToken);
        if (plan is null)
            return (null, Problems.NotFound("plan", id));
        var document = plan.ReadDocument();
        var asked = Period.Parse(period);
        if (!document.Periods.Select(Period.Parse).Contains(asked))
            return (null, Problems.Validation(field, $"'{field}' must be one of the plan's periods: {string.Join(", ", document.Periods)}.", "InPlan"));
        var locale = await work.QuerySingleAsync<string>("select locale from tenants where id = @TenantId", new { work.TenantId });
        return (new PlanInPeriod(plan, document, asked, locale), null);
    }
}

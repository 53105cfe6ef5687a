using FastEndpoints;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Features.Plans;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Tenant.UpdateTenant;

/// <summary>An admin changes the tenant's name, currency, time zone, locale and settings.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, TenantResponse>
{
    public override void Configure()
    {
        Patch("");
        Group<TenantGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("UpdateTenant").ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary => summary.Summary = "Change the tenant's settings");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        // The tenant's row is locked first, so that two changes of its settings are taken one after the other.
        var current = await work.QuerySingleOrDefaultAsync<TenantRow>(TenantRow.Query + " for update", new { work.TenantId });
        if (current is null)
        {
            await Send.ResultAsync(Problems.NotFound("tenant", work.TenantId));
            return;
        }
        var document = await TenantSettingsDocument.LoadAsync(work);
        if (IfMatchVersion.Stale(HttpContext, document.Version) is { } stale)
        {
            await Send.ResultAsync(stale);
            return;
        }

        var settings = document.Settings;
        if (request.DealAttributes is { } declared && await AttributeInUseAsync(work, settings, declared, cancellationToken) is { } inUse)
        {
            await Send.ResultAsync(inUse);
            return;
        }
        var updated = settings with
        {
            WorkingHours = request.WorkingHours ?? settings.WorkingHours,
            Holidays = request.Holidays?.Order().ToList() ?? settings.Holidays,
            FirstResponseSlaMinutes = request.FirstResponseSlaMinutes ?? settings.FirstResponseSlaMinutes,
            NonTargetLeadMinutes = request.NonTargetLeadMinutes ?? settings.NonTargetLeadMinutes,
            WorkingHoursPerMonth = request.WorkingHoursPerMonth ?? settings.WorkingHoursPerMonth,
            AttributionModel = request.AttributionModel ?? settings.AttributionModel,
            DisqualificationReasons = request.DisqualificationReasons ?? settings.DisqualificationReasons,
            FirstResponseSlaFrom = request.FirstResponseSlaFrom ?? settings.FirstResponseSlaFrom,
            DealAttributes = request.DealAttributes ?? settings.DealAttributes,
        };
        await work.ExecuteAsync("""
            update tenants set name = coalesce(@Name, name), currency = coalesce(@Currency, currency),
                time_zone = coalesce(@TimeZone, time_zone), locale = coalesce(@Locale, locale), updated_at = now()
            where id = @TenantId
            """, new { work.TenantId, Name = request.Name?.Trim(), request.Currency, request.TimeZone, Locale = TenantSettings.LanguageOf(request.Locale) });
        document.Settings = updated;
        // Marten writes the next revision only over the one read, and the tenant's row lock makes that certain.
        work.Documents.UpdateRevision(document, document.Version + 1);
        // Deadlines of the leads still waiting move with the calendar and the SLA: the watch looks at them again now.
        if (request.TimeZone is not null || request.WorkingHours is not null || request.Holidays is not null || request.FirstResponseSlaMinutes is not null
            || request.FirstResponseSlaFrom is not null)
            // Locked in lead order, as ingestion locks them, so that a settings change during an import cannot deadlock.
            await work.ExecuteAsync("""
                update sla_watch set check_at = now()
                where (tenant_id, lead_id) in (
                    select tenant_id, lead_id from sla_watch where tenant_id = @TenantId and breached_at is null order by lead_id for update)
                """, new { work.TenantId });
        var row = await work.QuerySingleAsync<TenantRow>(TenantRow.Query, new { work.TenantId });
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(document.Version);
        await Send.OkAsync(row.ToResponse(document), cancellationToken);
    }

    /// <summary>An attribute a draft or active plan's deal rules name cannot go or change its type: the rules would stop
    /// matching, and the CRM's deals that carry it would be refused. Retired plans no longer pay.</summary>
    private static async Task<ProblemHttpResult?> AttributeInUseAsync(UnitOfWork work, TenantSettings settings, IReadOnlyList<DealAttributeSetting> declared,
        CancellationToken cancellationToken)
    {
        var changed = (settings.DealAttributes ?? []).Where(old => !declared.Any(d => d.Key == old.Key && d.Type == old.Type)).Select(a => a.Key).ToHashSet();
        if (changed.Count == 0)
            return null;
        var plans = await work.Documents.Query<Plan>().Where(p => p.Status != Plan.Retired).ToListAsync(cancellationToken);
        foreach (var plan in plans)
        {
            var used = plan.ReadDocument().Assignments.SelectMany(a => a.Components).OfType<ShareComponent>()
                .SelectMany(s => s.DealRules ?? []).SelectMany(r => r.When).Select(c => c.Attribute).FirstOrDefault(changed.Contains);
            if (used is not null)
                return Problems.Conflict($"The deal attribute '{used}' is used by the deal rules of the {plan.Status} plan '{plan.Name}' ({plan.Id}); " +
                    "change those rules first, or keep the attribute with its type.");
        }
        return null;
    }
}

using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Tenant;

/// <summary>An admin changes the tenant's name, currency, time zone, locale and settings. Fields left out
/// keep their value; lists (working hours, holidays, reasons) are replaced whole.</summary>
public static class UpdateTenant
{
    public sealed record Request(
        string? Name,
        string? Currency,
        string? TimeZone,
        string? Locale,
        IReadOnlyList<WorkingInterval>? WorkingHours,
        IReadOnlyList<DateOnly>? Holidays,
        int? FirstResponseSlaMinutes,
        int? NonTargetLeadMinutes,
        decimal? WorkingHoursPerMonth,
        string? AttributionModel,
        IReadOnlyList<DisqualificationReason>? DisqualificationReasons,
        string? FirstResponseSlaFrom = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200).When(r => r.Name is not null);
            RuleFor(r => r.Currency).KnownCurrency().When(r => r.Currency is not null);
            RuleFor(r => r.TimeZone).KnownTimeZone().When(r => r.TimeZone is not null);
            RuleFor(r => r.Locale).KnownLocale().When(r => r.Locale is not null);
            RuleFor(r => r.WorkingHours!).SetValidator(new WorkingHoursValidator()).When(r => r.WorkingHours is not null);
            RuleFor(r => r.Holidays!).Must(days => days.Count <= 1000 && days.Distinct().Count() == days.Count)
                .WithMessage("'holidays' must list distinct dates (at most 1000).").When(r => r.Holidays is not null);
            RuleFor(r => r.FirstResponseSlaMinutes).InclusiveBetween(1, 1440);
            RuleFor(r => r.NonTargetLeadMinutes).InclusiveBetween(1, 480);
            RuleFor(r => r.WorkingHoursPerMonth).InclusiveBetween(1m, 744m);
            RuleFor(r => r.AttributionModel).Must(model => TenantSettings.AttributionModels.Contains(model))
                .WithMessage("'attributionModel' must be one of " + string.Join(", ", TenantSettings.AttributionModels) + ".")
                .When(r => r.AttributionModel is not null);
            RuleFor(r => r.FirstResponseSlaFrom).Must(from => TenantSettings.SlaClockStarts.Contains(from))
                .WithMessage("'firstResponseSlaFrom' must be one of " + string.Join(", ", TenantSettings.SlaClockStarts) + ".")
                .When(r => r.FirstResponseSlaFrom is not null);
            RuleFor(r => r.DisqualificationReasons!).Must(reasons => reasons.Count is >= 1 and <= 100)
                .WithMessage("'disqualificationReasons' needs between 1 and 100 reasons.")
                .Must(reasons => reasons.All(r => r is not null)).WithMessage("'disqualificationReasons' cannot hold null.")
                .Must(reasons => reasons.Select(r => r?.Code).Distinct().Count() == reasons.Count)
                .WithMessage("Reason codes must be unique.")
                .When(r => r.DisqualificationReasons is not null);
            RuleForEach(r => r.DisqualificationReasons).ChildRules(reason =>
            {
                reason.RuleFor(r => r.Code).NotEmpty().Matches("^[a-z][a-z0-9_]{1,49}$")
                    .WithMessage("'code' must be 2–50 lowercase letters, digits or underscores, starting with a letter.");
                reason.RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            });
        }
    }

    public static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> Handle(Request request, TenantDb db, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expectedVersion))
            return Problems.InvalidIfMatch();

        await using var work = await db.BeginAsync(cancellationToken);
        var current = await work.QuerySingleOrDefaultAsync<TenantRow>(TenantRow.Query + " for update of s", new { work.TenantId });
        if (current is null)
            return Problems.NotFound("tenant", work.TenantId);
        if (expectedVersion is { } expected && expected != current.Version)
            return Problems.PreconditionFailed(current.Version);

        var settings = TenantSettings.FromJson(current.Settings);
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
        };
        await work.ExecuteAsync("""
            update tenants set name = coalesce(@Name, name), currency = coalesce(@Currency, currency),
                time_zone = coalesce(@TimeZone, time_zone), locale = coalesce(@Locale, locale), updated_at = now()
            where id = @TenantId
            """, new { work.TenantId, Name = request.Name?.Trim(), request.Currency, request.TimeZone, request.Locale });
        await work.ExecuteAsync("""
            update tenant_settings set settings = @settings::jsonb, version = version + 1, updated_at = now() where tenant_id = @TenantId
            """, new { work.TenantId, settings = updated.ToJson() });
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

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}

using System.Globalization;
using System.Text.Json;
using FluentValidation;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Attribution;
using Saas.Engine.Common;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Tenant;

public sealed record WorkingInterval(string Day, string From, string To);

public sealed record DisqualificationReason(string Code, string Name);

/// <summary>A tenant's operating settings, stored as one jsonb document (<c>tenant_settings</c>). The SLA,
/// funnel reports and statements read them.</summary>
public sealed record TenantSettings(
    IReadOnlyList<WorkingInterval> WorkingHours,
    IReadOnlyList<DateOnly> Holidays,
    int FirstResponseSlaMinutes,
    int NonTargetLeadMinutes,
    decimal WorkingHoursPerMonth,
    string AttributionModel,
    IReadOnlyList<DisqualificationReason> DisqualificationReasons,
    string FirstResponseSlaFrom = "lead.created")
{
    public static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    public static readonly string[] AttributionModels = ["first_touch", "last_touch", "last_non_direct"];
    public static readonly string[] Locales = ["ru", "en"];
    public static readonly string[] SlaClockStarts = ["lead.created", "lead.assigned"];

    private static readonly (string Code, string Russian, string English)[] DefaultReasons =
    [
        ("not_target", "Нецелевой клиент", "Not a target customer"),
        ("wrong_product", "Нужен другой продукт", "Wants a product we do not sell"),
        ("no_budget", "Нет бюджета", "No budget"),
        ("no_contact", "Не удалось связаться", "Could not be reached"),
        ("duplicate", "Дубль", "Duplicate"),
        ("spam", "Спам", "Spam"),
        ("competitor", "Конкурент", "Competitor"),
        ("job_seeker", "Соискатель", "Job seeker"),
        ("other", "Другое (с комментарием)", "Other (with a comment)"),
    ];

    /// <summary>Mon–Fri 09:00–18:00, a 5-minute first response, 15 minutes per non-target lead, 160 working hours
    /// a month, last non-direct touch, and the reason catalogue in the tenant's language.</summary>
    public static TenantSettings Defaults(string locale) => new(
        Days.Take(5).Select(day => new WorkingInterval(day, "09:00", "18:00")).ToList(),
        [],
        FirstResponseSlaMinutes: 5,
        NonTargetLeadMinutes: 15,
        WorkingHoursPerMonth: 160m,
        AttributionModel: "last_non_direct",
        DefaultReasons.Select(r => new DisqualificationReason(r.Code, locale == "ru" ? r.Russian : r.English)).ToList());

    /// <summary>Settings stored before the choice existed have no value and start the clock at creation.</summary>
    public SlaClockStart SlaClockStart => FirstResponseSlaFrom == "lead.assigned" ? SlaClockStart.LeadAssigned : SlaClockStart.LeadCreated;

    public AttributionModel Attribution => WireNames.TryParse<AttributionModel>(AttributionModel, out var model) ? model : Engine.Attribution.AttributionModel.LastNonDirect;

    /// <summary>The tenant's working calendar (days and "HH:mm" times are validated when saved).</summary>
    public WorkingCalendar CalendarIn(string zone) => new(
        WorkingHours.Select(w => new Engine.Sla.WorkingInterval(
            Enum.Parse<DayOfWeek>(w.Day, ignoreCase: true), TimeOnly.Parse(w.From, CultureInfo.InvariantCulture), TimeOnly.Parse(w.To, CultureInfo.InvariantCulture))),
        Holidays,
        TimeZoneInfo.FindSystemTimeZoneById(zone));

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static async Task<TenantSettings> LoadAsync(UnitOfWork work) =>
        FromJson(await work.QuerySingleAsync<string>("select settings::text from tenant_settings where tenant_id = @TenantId", new { work.TenantId }));

    public static TenantSettings FromJson(string json) => JsonSerializer.Deserialize<TenantSettings>(json, JsonOptions)!;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static bool IsTime(string? value) =>
        value is { Length: 5 } && TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static bool IsTimeZone(string? value) => value is not null && TimeZoneInfo.TryFindSystemTimeZoneById(value, out _);
}

/// <summary>Rules shared by provisioning (partners) and settings updates (admins).</summary>
public static class TenantRules
{
    public static IRuleBuilderOptions<T, string?> KnownCurrency<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Currency.IsKnown).WithMessage("'{PropertyName}' must be an ISO 4217 currency code this product supports, such as RUB, USD or EUR.");

    public static IRuleBuilderOptions<T, string?> KnownTimeZone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(TenantSettings.IsTimeZone).WithMessage("'{PropertyName}' must be an IANA time zone such as Europe/Moscow.");

    public static IRuleBuilderOptions<T, string?> KnownLocale<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => TenantSettings.Locales.Contains(value)).WithMessage("'{PropertyName}' must be one of ru, en.");
}

public sealed class WorkingHoursValidator : AbstractValidator<IReadOnlyList<WorkingInterval>>
{
    public WorkingHoursValidator()
    {
        RuleFor(hours => hours).NotEmpty().WithMessage("'workingHours' needs at least one interval, or no lead would ever be due.")
            .Must(hours => hours.Count <= 28).WithMessage("'workingHours' has at most 28 intervals.")
            .Must(hours => hours.All(i => i is not null)).WithMessage("'workingHours' cannot hold null.");
        RuleForEach(hours => hours).ChildRules(interval =>
        {
            interval.RuleFor(i => i.Day).Must(day => TenantSettings.Days.Contains(day))
                .WithMessage("'day' must be one of " + string.Join(", ", TenantSettings.Days) + ".");
            interval.RuleFor(i => i.From).Must(TenantSettings.IsTime).WithMessage("'from' must be a time like 09:00.");
            interval.RuleFor(i => i.To).Must(TenantSettings.IsTime).WithMessage("'to' must be a time like 18:00.")
                // Only this comparison waits for two valid times; the check of 'to' itself always runs.
                .Must((i, to) => string.CompareOrdinal(i.From, to) < 0)
                .When(i => TenantSettings.IsTime(i.From) && TenantSettings.IsTime(i.To), ApplyConditionTo.CurrentValidator)
                .WithMessage("'to' must be after 'from' (an interval cannot cross midnight; split it in two).");
        });
        RuleFor(hours => hours).Must(NotOverlap).WithMessage("Working hours of one day must not overlap.")
            .When(hours => hours.All(i => i is not null && TenantSettings.IsTime(i.From) && TenantSettings.IsTime(i.To)));
    }

    private static bool NotOverlap(IReadOnlyList<WorkingInterval> hours) =>
        hours.GroupBy(i => i.Day).All(day =>
        {
            var ordered = day.OrderBy(i => i.From, StringComparer.Ordinal).ToList();
            return ordered.Zip(ordered.Skip(1)).All(pair => string.CompareOrdinal(pair.First.To, pair.Second.From) <= 0);
        });
}

/// <summary>What the reports and the SLA watch read of a tenant: its currency, time zone and settings.</summary>
public sealed record TenantProfile(string Currency, string TimeZone, TenantSettings Settings)
{
    private sealed record Row(string Currency, string TimeZone, string Settings);

    public static async Task<TenantProfile> LoadAsync(UnitOfWork work)
    {
        var row = await work.QuerySingleAsync<Row>("""
            select t.currency, t.time_zone, s.settings::text as settings from tenants t join tenant_settings s on s.tenant_id = t.id where t.id = @TenantId
            """, new { work.TenantId });
        return new TenantProfile(row.Currency.Trim(), row.TimeZone, TenantSettings.FromJson(row.Settings));
    }

    public WorkingCalendar Calendar() => Settings.CalendarIn(TimeZone);
}

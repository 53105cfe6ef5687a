using System.Globalization;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Attribution;
using Saas.Engine.Common;
using Saas.Engine.Plans;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Tenant;

/// <summary>A tenant's operating settings, stored as one document (<see cref="TenantSettingsDocument"/>). The SLA,
/// funnel reports and statements read them.</summary>
public sealed record TenantSettings(
    IReadOnlyList<WorkingInterval> WorkingHours,
    IReadOnlyList<DateOnly> Holidays,
    int FirstResponseSlaMinutes,
    int NonTargetLeadMinutes,
    decimal WorkingHoursPerMonth,
    string AttributionModel,
    IReadOnlyList<DisqualificationReason> DisqualificationReasons,
    string FirstResponseSlaFrom = "lead.created",
    IReadOnlyList<DealAttributeSetting>? DealAttributes = null)
{
    public static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    public static readonly string[] AttributionModels = ["first_touch", "last_touch", "last_non_direct"];
    public static readonly string[] Locales = ["ru", "en"];

    /// <summary>The language a BCP 47 tag names, as stored (<c>ru</c>, <c>en</c>), for tags as people send them: <c>ru</c>,
    /// <c>ru-RU</c>, <c>en_GB</c>, <c>EN-us</c>. Null for a language the product does not speak or a string that is no tag.</summary>
    public static string? LanguageOf(string? tag)
    {
        if (tag is null || tag.Length > 35)
            return null;
        var subtags = tag.Split('-', '_');
        if (subtags.Any(s => s.Length is 0 or > 8 || !s.All(char.IsAsciiLetterOrDigit)))
            return null;
        var language = subtags[0].ToLowerInvariant();
        return Locales.Contains(language) ? language : null;
    }
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

    /// <summary>The attributes a deal may carry, built-in and declared, by key.</summary>
    public IReadOnlyDictionary<string, DealAttributeType> KnownDealAttributes =>
        Engine.Plans.DealAttributes.Known(DealAttributes?.Select(a => a.ToDefinition()));

    public AttributionModel Attribution => WireNames.TryParse<AttributionModel>(AttributionModel, out var model) ? model : Engine.Attribution.AttributionModel.LastNonDirect;

    /// <summary>The tenant's working calendar (days and "HH:mm" times are validated when saved; "24:00" ends a day at midnight).</summary>
    public WorkingCalendar CalendarIn(string zone) => new(
        WorkingHours.Select(w => new Engine.Sla.WorkingInterval(
            Enum.Parse<DayOfWeek>(w.Day, ignoreCase: true), TimeOnly.Parse(w.From, CultureInfo.InvariantCulture), w.To == EndOfDay ? TimeOnly.MinValue : TimeOnly.Parse(w.To, CultureInfo.InvariantCulture))),
        Holidays,
        TimeZoneInfo.FindSystemTimeZoneById(zone));

    public static async Task<TenantSettings> LoadAsync(UnitOfWork work) => (await TenantSettingsDocument.LoadAsync(work)).Settings;

    /// <summary>The end of a working interval that lasts until midnight.</summary>
    public const string EndOfDay = "24:00";

    /// <summary>A time an interval can end at: any start time, or the midnight that ends the day.</summary>
    public static bool IsEndTime(string? value) => value == EndOfDay || IsTime(value);

    public static bool IsTime(string? value) =>
        value is { Length: 5 } && TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static bool IsTimeZone(string? value) => value is not null && TimeZoneInfo.TryFindSystemTimeZoneById(value, out _);
}

using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Text;

namespace Saas.Engine.Generation;

/// <summary>Numbers and names in the request's language. Percents keep one decimal (16,7 %) because a plan is read,
/// not audited; the exact value is in the document.</summary>
internal sealed class Words(Language language, string currency)
{
    public Language Language { get; } = language;

    public string Say(string ru, string en) => Language == Language.Ru ? ru : en;

    public string Pct(decimal fraction) => NumberText.Number(fraction * 100, Language, 0, 1) + (Language == Language.Ru ? "\u00A0%" : "%");

    public string Num(decimal value) => NumberText.Number(value, Language, 0, 2);

    public string Money(decimal amount) => NumberText.Money(amount, currency, Language);

    public string Value(MetricDefinition metric, decimal value) => metric.Unit switch
    {
        MetricUnit.Ratio => Pct(value),
        MetricUnit.Money => Money(value),
        MetricUnit.Minutes => Num(value) + Say("\u00A0мин", " min"),
        _ => Num(value),
    };

    public string Name(string metric) => MetricCatalogue.Get(metric).Name.In(Language);

    public string Months(int months) => Language == Language.Ru
        ? $"{months}\u00A0{(months % 10 == 1 && months % 100 != 11 ? "месяц" : months % 10 is >= 2 and <= 4 && months % 100 is < 12 or > 14 ? "месяца" : "месяцев")}"
        : months == 1 ? "1 month" : $"{months} months";

    public string Series(MetricDefinition metric, IReadOnlyList<decimal> values) =>
        values.Distinct().Count() == 1
            ? Say($"цель на каждый месяц {Value(metric, values[0])}", $"target {Value(metric, values[0])} every month")
            : Say("цели по месяцам ", "monthly targets ") + string.Join(" → ", values.Select(v => Value(metric, v)));

    public string Role(Role role) => role switch
    {
        Common.Role.Marketer => Say("маркетолог", "marketer"),
        Common.Role.Smm => Say("SMM-специалист", "SMM specialist"),
        Common.Role.PerformanceMarketer => Say("performance-маркетолог", "performance marketer"),
        Common.Role.ContentMarketer => Say("контент-маркетолог", "content marketer"),
        Common.Role.LeadGenerator => Say("лидогенератор", "lead generator"),
        Common.Role.Sdr => Say("SDR/MDR (первичная квалификация)", "SDR/MDR"),
        Common.Role.SalesManager => Say("менеджер по продажам", "sales manager"),
        Common.Role.KeyAccountManager => Say("менеджер по ключевым клиентам", "key account manager"),
        Common.Role.CustomerService => Say("клиентский сервис", "customer service"),
        Common.Role.HeadOfMarketing => Say("руководитель маркетинга", "head of marketing"),
        Common.Role.HeadOfSales => Say("руководитель продаж", "head of sales"),
        _ => role.WireName(),
    };
}

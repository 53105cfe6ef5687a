using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Review;

/// <summary>Numbers and names in the request's language. Percents keep up to two decimals, because a conversion target
/// is written with four (0.1234 = 12.34 %) and a proposal must show the exact number it writes.</summary>
internal sealed class ReviewWords(Language language, string currency)
{
    private readonly Words _words = new(language, currency);

    public Language Language { get; } = language;

    public string Say(string ru, string en) => Language == Language.Ru ? ru : en;

    public string Pct(decimal fraction) => NumberText.Percent(fraction, Language);

    public string Num(decimal value) => NumberText.Number(value, Language, 0, 4);

    public string Money(decimal amount) => NumberText.Money(amount, currency, Language);

    public string Value(string metric, decimal value) => MetricCatalogue.TryGet(metric, out var definition)
        ? definition.Unit switch
        {
            MetricUnit.Ratio => Pct(value),
            MetricUnit.Money => Money(value),
            MetricUnit.Minutes => Num(value) + Say("\u00A0мин", " min"),
            _ => Num(value),
        }
        : Num(value);

    public string MetricName(string metric) => MetricCatalogue.TryGet(metric, out var definition) ? definition.Name.In(Language) : metric;

    /// <summary>A component as a statement names it, quoted: «Конверсия SQL→сделка» / 'SQL→deal conversion'.</summary>
    public string Component(Component component) =>
        Quote(component.Label ?? (ComponentMetrics.MetricOf(component) is { } metric ? MetricName(metric) : component.Id));

    public string Quote(string text) => Say($"«{text}»", $"'{text}'");

    public string Who(Assignee who)
    {
        var name = who switch
        {
            { Role: { } role } => _words.Role(role),
            { TeamId: { } team } => Say($"команда {team}", $"team {team}"),
            { EmployeeId: { } employee } => Say($"сотрудник {employee}", $"employee {employee}"),
            _ => Say("назначение", "assignment"),
        };
        var text = who.Label is { Length: > 0 } label && label != name ? $"{name} ({label})" : name;
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    public static Assignee AssigneeOf(Assignment assignment, string? label) => new()
    {
        Role = assignment.Role,
        TeamId = assignment.TeamId,
        EmployeeId = assignment.EmployeeId,
        Label = label,
    };

    public static bool IsSales(Assignment assignment) =>
        assignment.Role is { } role && Roles.DepartmentOf(role) == Department.Sales;
}

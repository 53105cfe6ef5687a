using FluentValidation;

namespace Saas.Api.Features.Tenant;

/// <summary>A tenant's working hours: 1 to 28 intervals on named days, each ending after it starts, none overlapping another of its day.</summary>
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
            interval.RuleFor(i => i.To).Must(TenantSettings.IsEndTime).WithMessage("'to' must be a time like 18:00, or 24:00 for the end of the day.")
                // Only this comparison waits for two valid times; the check of 'to' itself always runs.
                .Must((i, to) => string.CompareOrdinal(i.From, to) < 0)
                .When(i => TenantSettings.IsTime(i.From) && TenantSettings.IsEndTime(i.To), ApplyConditionTo.CurrentValidator)
                .WithMessage("'to' must be after 'from' (an interval cannot cross midnight; split it in two).");
        });
        RuleFor(hours => hours).Must(NotOverlap).WithMessage("Working hours of one day must not overlap.")
            .When(hours => hours.All(i => i is not null && TenantSettings.IsTime(i.From) && TenantSettings.IsEndTime(i.To)));
    }

    private static bool NotOverlap(IReadOnlyList<WorkingInterval> hours) =>
        hours.GroupBy(i => i.Day).All(day =>
        {
            var ordered = day.OrderBy(i => i.From, StringComparer.Ordinal).ToList();
            return ordered.Zip(ordered.Skip(1)).All(pair => string.CompareOrdinal(pair.First.To, pair.Second.From) <= 0);
        });
}

using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Tenant.UpdateTenant;

/// <summary>Fields left out (or null) keep their value; lists (working hours, holidays, reasons) are replaced whole.</summary>
public sealed class Request
{
    public string? Name { get; init; }

    public string? Currency { get; init; }

    public string? TimeZone { get; init; }

    /// <summary>A BCP 47 language tag of Russian or English (<c>ru</c>, <c>ru-RU</c>, <c>en</c>, <c>en-GB</c>); the language is
    /// stored and answered (<c>ru</c> or <c>en</c>).</summary>
    public string? Locale { get; init; }

    public IReadOnlyList<WorkingInterval>? WorkingHours { get; init; }

    public IReadOnlyList<DateOnly>? Holidays { get; init; }

    public int? FirstResponseSlaMinutes { get; init; }

    public int? NonTargetLeadMinutes { get; init; }

    public decimal? WorkingHoursPerMonth { get; init; }

    [DocumentedValues(typeof(Saas.Engine.Attribution.AttributionModel))]
    public string? AttributionModel { get; init; }

    public IReadOnlyList<DisqualificationReason>? DisqualificationReasons { get; init; }

    [DocumentedValues("lead.created", "lead.assigned")]
    public string? FirstResponseSlaFrom { get; init; }

    /// <summary>The tenant's own deal attributes, beside the built-in <c>contract_months</c>, <c>product_line</c> and <c>deal_type</c>.</summary>
    public IReadOnlyList<DealAttributeSetting>? DealAttributes { get; init; }
}

public sealed class Validator : Validator<Request>
{
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
        RuleFor(r => r.DealAttributes!).Must(attributes => attributes.Count <= Engine.Plans.DealAttributes.MaxDeclared)
            .WithMessage($"At most {Engine.Plans.DealAttributes.MaxDeclared} deal attributes.")
            .Must(attributes => attributes.All(a => a is not null)).WithMessage("'dealAttributes' cannot hold null.")
            .Must(attributes => attributes.Select(a => a?.Key).Distinct().Count() == attributes.Count).WithMessage("Attribute keys must be unique.")
            .When(r => r.DealAttributes is not null);
        RuleForEach(r => r.DealAttributes).ChildRules(attribute =>
        {
            attribute.RuleFor(a => a.Key).NotEmpty().Matches(Engine.Plans.DealAttributes.KeyPattern())
                .WithMessage($"'key' is {Engine.Plans.DealAttributes.KeyRule}.")
                .Must(key => Engine.Plans.DealAttributes.BuiltIn.All(b => b.Key != key))
                .WithMessage(a => $"'{a.Key}' is built in; declare only the tenant's own attributes.");
            attribute.RuleFor(a => a.Type).Must(type => WireNames.TryParse<DealAttributeType>(type, out _))
                .WithMessage("'type' is one of number, text, boolean.");
        }).When(r => r.DealAttributes is not null);
        RuleForEach(r => r.DisqualificationReasons).ChildRules(reason =>
        {
            reason.RuleFor(r => r.Code).NotEmpty().Matches("^[a-z][a-z0-9_]{1,49}$")
                .WithMessage("'code' must be 2–50 lowercase letters, digits or underscores, starting with a letter.");
            reason.RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        });
    }
}

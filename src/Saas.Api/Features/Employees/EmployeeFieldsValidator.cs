using System.Text.RegularExpressions;
using FastEndpoints;
using FluentValidation;
using Saas.Api.Features.Teams;
using Saas.Engine.Common;

namespace Saas.Api.Features.Employees;

/// <summary>The rules of <see cref="EmployeeFields"/>, for both <c>CreateEmployee</c> and <c>ReplaceEmployee</c>.</summary>
public sealed class EmployeeFieldsValidator : Validator<EmployeeFields>
{
    private static readonly Regex SystemName = new("^[a-z0-9][a-z0-9_.-]{0,39}$", RegexOptions.CultureInvariant);

    public EmployeeFieldsValidator()
    {
        RuleFor(r => r.FullName).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Email).EmailAddress().MaximumLength(320).When(r => r.Email is not null);
        RuleFor(r => r.Role).NotEmpty().Must(role => Roles.TryParse(role, out _))
            .WithMessage("'role' must be one of " + string.Join(", ", Enum.GetValues<Role>().Select(r => r.WireName())) + ".");
        RuleFor(r => r.Department).Must(Departments.IsKnown).WithMessage("'department' " + Departments.Rule).When(r => r.Department is not null);
        RuleFor(r => r.BaseSalary).NotNull().GreaterThanOrEqualTo(0m).LessThan(1_000_000_000_000m);
        RuleFor(r => r.Currency).Must(Currency.IsKnown)
            .WithMessage("'currency' must be an ISO 4217 code the product knows, such as RUB, USD or EUR.").When(r => r.Currency is not null);
        RuleFor(r => r.StartDate).InclusiveBetween(EmployeeFields.EarliestDate, EmployeeFields.LatestDate).When(r => r.StartDate is not null)
            .WithMessage("'startDate' must be a date between 1900 and 2999.");
        RuleFor(r => r.EndDate).InclusiveBetween(EmployeeFields.EarliestDate, EmployeeFields.LatestDate).When(r => r.EndDate is not null)
            .WithMessage("'endDate' must be a date between 1900 and 2999.");
        RuleFor(r => r.EndDate).GreaterThanOrEqualTo(r => r.StartDate).When(r => r.StartDate is not null && r.EndDate is not null)
            .WithMessage("'endDate' must not be before 'startDate'.");
        RuleFor(r => r.ExternalIds!.Count).LessThanOrEqualTo(EmployeeFields.MaxExternalSystems).OverridePropertyName("externalIds")
            .When(r => r.ExternalIds is not null);
        RuleForEach(r => r.ExternalIds).ChildRules(pair =>
        {
            pair.RuleFor(p => p.Key).Must(SystemName.IsMatch).OverridePropertyName("system")
                .WithMessage("An external system's name is 1–40 lower-case letters, digits, '_', '.' or '-' (for example 'amocrm').");
            pair.RuleFor(p => p.Value).NotEmpty().MaximumLength(200).OverridePropertyName("id")
                .WithMessage("An external id is a non-empty string of at most 200 characters.");
        }).When(r => r.ExternalIds is not null);
    }
}

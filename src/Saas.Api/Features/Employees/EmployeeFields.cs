using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Saas.Api.Features.Teams;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;

namespace Saas.Api.Features.Employees;

/// <summary>The fields of an employee as <c>POST</c> and <c>PUT</c> take them: <c>PUT</c> replaces the whole
/// employee, so both validate and write the same set.</summary>
public sealed record EmployeeFields(
    string? FullName,
    string? Email,
    string? Role,
    string? Department,
    Guid? TeamId,
    decimal? BaseSalary,
    string? Currency,
    DateOnly? StartDate,
    DateOnly? EndDate,
    Dictionary<string, string?>? ExternalIds)
{
    public const int MaxExternalSystems = 20;
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2999, 12, 31);

    public string DepartmentOrDefault =>
        Department ?? (Roles.TryParse(Role, out var role) ? WireNames.ToWire(Roles.DepartmentOf(role).ToString()) : "");

    /// <summary>Checks what needs the tenant's currency, which the validator does not know.</summary>
    public ProblemHttpResult? CheckAmount(string currency) =>
        BaseSalary is { } salary && Math.Round(salary, Saas.Engine.Common.Currency.MinorUnitsOf(currency)) != salary
            ? Problems.Validation("baseSalary", $"'baseSalary' has more decimals than {currency} allows ({Saas.Engine.Common.Currency.MinorUnitsOf(currency)}).", "MinorUnits")
            : null;

    /// <summary>Maps the constraint a write broke to the answer the client can act on.</summary>
    public ProblemHttpResult? ProblemFor(PostgresException e) => (e.SqlState, e.ConstraintName) switch
    {
        (PostgresErrorCodes.UniqueViolation, "employees_email_unique") => Problems.Conflict($"An employee with the e-mail '{Email}' already exists."),
        (PostgresErrorCodes.UniqueViolation, "employee_external_ids_pkey") =>
            Problems.Conflict("One of the external ids was just given to another employee; read the employees again and retry."),
        (PostgresErrorCodes.ForeignKeyViolation, _) when e.ConstraintName?.Contains("team", StringComparison.Ordinal) == true =>
            Problems.Validation("teamId", $"'teamId' names no team of this tenant ({TeamId}).", "TeamExists"),
        _ => null,
    };

    public sealed class Validator : AbstractValidator<EmployeeFields>
    {
        // Declared before Instance: static fields initialise in order, and the constructor reads it.
        private static readonly Regex SystemName = new("^[a-z0-9][a-z0-9_.-]{0,39}$", RegexOptions.CultureInvariant);

        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.FullName).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Email).EmailAddress().MaximumLength(320).When(r => r.Email is not null);
            RuleFor(r => r.Role).NotEmpty().Must(role => Roles.TryParse(role, out _))
                .WithMessage("'role' must be one of " + string.Join(", ", Enum.GetValues<Role>().Select(r => r.WireName())) + ".");
            RuleFor(r => r.Department).Must(Departments.IsKnown).WithMessage("'department' " + Departments.Rule).When(r => r.Department is not null);
            RuleFor(r => r.BaseSalary).NotNull().GreaterThanOrEqualTo(0m).LessThan(1_000_000_000_000m);
            RuleFor(r => r.Currency).Must(Saas.Engine.Common.Currency.IsKnown)
                .WithMessage("'currency' must be an ISO 4217 code the product knows, such as RUB, USD or EUR.").When(r => r.Currency is not null);
            RuleFor(r => r.StartDate).InclusiveBetween(EarliestDate, LatestDate).When(r => r.StartDate is not null)
                .WithMessage("'startDate' must be a date between 1900 and 2999.");
            RuleFor(r => r.EndDate).InclusiveBetween(EarliestDate, LatestDate).When(r => r.EndDate is not null)
                .WithMessage("'endDate' must be a date between 1900 and 2999.");
            RuleFor(r => r.EndDate).GreaterThanOrEqualTo(r => r.StartDate).When(r => r.StartDate is not null && r.EndDate is not null)
                .WithMessage("'endDate' must not be before 'startDate'.");
            RuleFor(r => r.ExternalIds!.Count).LessThanOrEqualTo(MaxExternalSystems).OverridePropertyName("externalIds")
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
}

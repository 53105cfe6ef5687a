using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Features.Teams;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Common;

namespace Saas.Api.Features.Employees;

/// <summary>The fields of an employee as <c>POST</c> and <c>PUT</c> take them: <c>PUT</c> replaces the whole
/// employee, so both validate (<see cref="EmployeeFieldsValidator"/>) and write the same set. It is the body of both use
/// cases, so the documented schema keeps its name.</summary>
public sealed class EmployeeFields
{
    public const int MaxExternalSystems = 20;
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2999, 12, 31);

    public string? FullName { get; init; }

    public string? Email { get; init; }

    [DocumentedValues(typeof(Role))]
    public string? Role { get; init; }

    [DocumentedValues(typeof(Department))]
    public string? Department { get; init; }

    public Guid? TeamId { get; init; }

    public decimal? BaseSalary { get; init; }

    public string? Currency { get; init; }

    public DateOnly? StartDate { get; init; }

    public DateOnly? EndDate { get; init; }

    public Dictionary<string, string?>? ExternalIds { get; init; }

    // Methods, not properties: a read-only property is still a member of the JSON contract, and a body naming it was
    // silently accepted instead of refused as an unknown property.
    /// <summary>Writes every field onto the employee, as both a creation and a whole replacement do.</summary>
    public void WriteTo(Employee employee, string currency, DateTimeOffset now)
    {
        employee.FullName = FullName!.Trim();
        employee.Email = Email?.Trim();
        employee.Role = Role!;
        employee.Department = DepartmentOrDefault();
        employee.TeamId = TeamId;
        // The statement inputs, hashed to tell a changed statement from an unchanged one, see 50000.0000 however a client wrote it.
        employee.BaseSalary = Numeric.Stored(BaseSalary!.Value);
        employee.Currency = currency;
        employee.StartDate = StartDate;
        employee.EndDate = EndDate;
        employee.ExternalIds = ExternalIdMap.Of((ExternalIds ?? []).Select(id => KeyValuePair.Create(id.Key, id.Value!.Trim())));
        employee.UpdatedAt = now;
    }

    public string DepartmentOrDefault() =>
        Department ?? (Roles.TryParse(Role, out var role) ? WireNames.ToWire(Roles.DepartmentOf(role).ToString()) : "");

    /// <summary>Checks what needs the tenant's currency, which the validator does not know.</summary>
    public ProblemHttpResult? CheckAmount(string currency) =>
        BaseSalary is { } salary && Math.Round(salary, Saas.Engine.Common.Currency.MinorUnitsOf(currency)) != salary
            ? Problems.Validation("baseSalary", $"'baseSalary' has more decimals than {currency} allows ({Saas.Engine.Common.Currency.MinorUnitsOf(currency)}).", "MinorUnits")
            : null;

    /// <summary>Checks that the team to join exists, and keeps it (a shared lock, see <see cref="Team.LockTenantsTeamsAsync"/>)
    /// until the write commits.</summary>
    public async Task<ProblemHttpResult?> CheckTeamAsync(UnitOfWork work)
    {
        if (TeamId is not { } teamId)
            return null;
        await Team.LockTenantsTeamsSharedAsync(work);
        return await work.Documents.LoadAsync<Team>(teamId) is null
            ? Problems.Validation("teamId", $"'teamId' names no team of this tenant ({teamId}).", "TeamExists")
            : null;
    }

    /// <summary>Writes the external ids <see cref="WriteTo"/> gave the employee in place of its others in their table, and
    /// commits them with the employee; answers the conflict instead when an id or the e-mail is already another
    /// employee's.</summary>
    public async Task<ProblemHttpResult?> SaveAsync(UnitOfWork work, Employee employee)
    {
        try
        {
            if (await Employees.ExternalIds.ReplaceAsync(work, employee.Id, employee.ExternalIds) is { Count: > 0 } taken)
                return Employees.ExternalIds.Taken(taken);
            await work.CommitAsync();
            return null;
        }
        catch (Exception e) when (ProblemFor(e) is { } problem)
        {
            return problem;
        }
    }

    private ProblemHttpResult? ProblemFor(Exception e) =>
        Employee.IsDuplicateEmail(e) ? Problems.Conflict($"An employee with the e-mail '{Email?.Trim()}' already exists.")
        : Employees.ExternalIds.IsTaken(e) ? Problems.Conflict("One of the external ids was just given to another employee; read the employees again and retry.")
        : null;
}

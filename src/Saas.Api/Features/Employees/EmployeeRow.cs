using Mapster;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Employees;

/// <summary>A row of <c>employees</c> as the slices read it.</summary>
public sealed record EmployeeRow(Guid Id, string FullName, string? Email, string Role, string Department, Guid? TeamId,
    decimal BaseSalary, string Currency, DateOnly? StartDate, DateOnly? EndDate, string Status, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Columns =
        "id, full_name, email, role, department, team_id, base_salary, currency, start_date, end_date, status, version, created_at, updated_at";

    /// <summary>The columns of a query that names <c>employees</c> by an alias (<c>e.</c>).</summary>
    public static string ColumnsOf(string alias) => string.Join(", ", Columns.Split(", ").Select(column => alias + column));

    public EmployeeResponse ToResponse(IReadOnlyDictionary<string, string> externalIds) =>
        this.Adapt<EmployeeResponse>() with { ExternalIds = externalIds };

    /// <summary>The response for one employee, with the external ids as they stand in the unit of work's transaction.</summary>
    public async Task<EmployeeResponse> ToResponseAsync(UnitOfWork work) =>
        ToResponse(ExternalIds.For(await ExternalIds.LoadAsync(work, [Id]), Id));
}

namespace Saas.Api.Features.Employees;

public sealed record EmployeeResponse(
    Guid Id,
    string FullName,
    string? Email,
    string Role,
    string Department,
    Guid? TeamId,
    decimal BaseSalary,
    string Currency,
    DateOnly? StartDate,
    DateOnly? EndDate,
    string Status,
    IReadOnlyDictionary<string, string> ExternalIds,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

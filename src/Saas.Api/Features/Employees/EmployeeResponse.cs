using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Common;

namespace Saas.Api.Features.Employees;

public sealed record EmployeeResponse(
    Guid Id,
    string FullName,
    string? Email,
    [property: DocumentedValues(typeof(Role))] string Role,
    [property: DocumentedValues(typeof(Department))] string Department,
    Guid? TeamId,
    decimal BaseSalary,
    string Currency,
    DateOnly? StartDate,
    DateOnly? EndDate,
    [property: DocumentedValues("active", "inactive")] string Status,
    IReadOnlyDictionary<string, string> ExternalIds,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

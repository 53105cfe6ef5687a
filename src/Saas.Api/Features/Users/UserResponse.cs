using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Users;

public sealed record UserResponse(Guid Id, string Email, string FullName, [property: DocumentedValues("admin", "manager", "employee")] string Role, Guid? EmployeeId,
    [property: DocumentedValues("invited", "active", "deactivated")] string Status, int Version,
    DateTimeOffset CreatedAt);

namespace Saas.Api.Features.Users;

public sealed record UserResponse(Guid Id, string Email, string FullName, string Role, Guid? EmployeeId, string Status, int Version,
    DateTimeOffset CreatedAt);

using Mapster;

namespace Saas.Api.Features.Users;

/// <summary>A row of <c>users</c> as the slices read it.</summary>
public sealed record UserRow(Guid Id, string Email, string FullName, string Role, Guid? EmployeeId, string Status, int Version, DateTime CreatedAt)
{
    public const string Columns = "id, email, full_name, role, employee_id, status, version, created_at";

    public UserResponse ToResponse() => this.Adapt<UserResponse>();
}

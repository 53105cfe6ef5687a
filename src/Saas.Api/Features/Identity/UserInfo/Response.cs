using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Saas.Api.Features.Identity.UserInfo;

/// <summary>The user's claims (OpenID Connect Core §5.3.2): the ones the ID token carries, read again. A user without an employee link has no <c>employee_id</c>.</summary>
[DisplayName("UserInfo")]
public sealed record Response(
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("tenant_id")] Guid TenantId,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("employee_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? EmployeeId);

using System.Security.Claims;
using System.Text.Json;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Statements;

/// <summary>Which statements a caller sees, and a statement read whole (with the revision it replaces and its audit).</summary>
public static class StatementAccess
{
    private sealed record AuditRow(string Action, string? Actor, DateTimeOffset At, string? Details);

    public static async Task<StatementResponse> ReadAsync(UnitOfWork work, StatementRow row)
    {
        var previous = row.PreviousId is { } previousId
            ? await work.QuerySingleOrDefaultAsync<StatementRow>($"select {StatementRow.Columns} from statements where tenant_id = @TenantId and id = @previousId",
                new { work.TenantId, previousId })
            : null;
        var audit = (await work.QueryAsync<AuditRow>(
                "select action, actor, at, details::text as details from statement_audit where tenant_id = @TenantId and statement_id = @Id order by id",
                new { work.TenantId, row.Id }))
            .Select(a => new AuditEntry(a.Action, a.Actor, a.At,
                a.Details is null ? null : JsonDocument.Parse(a.Details).RootElement.Clone()))
            .ToList();
        return row.ToResponse(previous, audit);
    }

    /// <summary>The signed-in user's employee (an empty id, matching nothing, when the user is not linked to one).</summary>
    public static Guid Own(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(ClaimNames.Employee)?.Value, out var own) ? own : Guid.Empty;

    /// <summary>An employee user sees only their own statements; managers and admins see the tenant's.</summary>
    public static Guid? OnlyEmployee(ClaimsPrincipal user) =>
        user.FindFirst(ClaimNames.Role)?.Value == "employee" ? Own(user) : null;
}

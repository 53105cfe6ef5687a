using System.Text.Json;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Statements;

public sealed record StatementSummary(Guid Id, Guid EmployeeId, string Period, int Revision, string Status, string Currency, decimal Total,
    Guid? PreviousId, DateTimeOffset CreatedAt, DateTimeOffset? ApprovedAt);

/// <summary>A statement with every line (component, metric, target, actual, attainment, rate or tier, formula with the
/// numbers, amount, explanation in the tenant's language), what it was computed from, the change per line against the
/// revision it replaces, and who did what to it.</summary>
public sealed record StatementResponse(Guid Id, Guid EmployeeId, string Period, int Revision, string Status, string Currency, decimal Total,
    decimal DrawBalance, JsonElement Lines, JsonElement Inputs, Guid? PreviousId, IReadOnlyList<LineChange> Changes, IReadOnlyList<AuditEntry> Audit,
    DateTimeOffset CreatedAt, DateTimeOffset? ApprovedAt, string? ApprovedBy);

/// <summary>How a line's amount moved against the previous revision (0 before: a new line; 0 after: a line gone).</summary>
public sealed record LineChange(string Kind, string? ComponentId, string? DealId, string? Label, decimal Before, decimal After, decimal Change);

public sealed record AuditEntry(string Action, string? Actor, DateTimeOffset At, JsonElement? Details);

public sealed record StatementRow(Guid Id, Guid EmployeeId, string Period, int Revision, string Status, string Currency, decimal Total, decimal DrawBalance,
    string Lines,
    string Inputs, Guid? PreviousId, DateTimeOffset CreatedAt, DateTimeOffset? ApprovedAt, string? ApprovedBy)
{
    public const string Columns =
        "id, employee_id, period, revision, status, currency, total, draw_balance, lines::text as lines, inputs::text as inputs, previous_id, created_at, approved_at, approved_by";

    public StatementSummary ToSummary() => new(Id, EmployeeId, Period, Revision, Status, Currency.Trim(), Total, PreviousId, CreatedAt, ApprovedAt);

    public StatementResponse ToResponse(StatementRow? previous, IReadOnlyList<AuditEntry> audit) => new(Id, EmployeeId, Period, Revision, Status,
        Currency.Trim(), Total, DrawBalance, Parse(Lines), Parse(Inputs), PreviousId, previous is null ? [] : Changes(previous.Lines, Lines), audit, CreatedAt,
        ApprovedAt, ApprovedBy);

    private static IReadOnlyList<LineChange> Changes(string before, string after)
    {
        static Dictionary<(string, string?, string?), (string? Label, decimal Amount)> Index(string json) =>
            JsonDocument.Parse(json).RootElement.EnumerateArray()
                .GroupBy(l => (l.GetProperty("kind").GetString()!, Text(l, "componentId"), Text(l, "dealId")))
                .ToDictionary(g => g.Key, g => (Text(g.First(), "label"), g.Sum(l => l.GetProperty("amount").GetDecimal())));
        var old = Index(before);
        var now = Index(after);
        return old.Keys.Union(now.Keys)
            .Select(key => (key, Before: old.GetValueOrDefault(key), After: now.GetValueOrDefault(key)))
            .Where(x => x.Before.Amount != x.After.Amount)
            .Select(x => new LineChange(x.key.Item1, x.key.Item2, x.key.Item3, x.After.Label ?? x.Before.Label, x.Before.Amount, x.After.Amount,
                x.After.Amount - x.Before.Amount))
            .ToList();
    }

    private static string? Text(JsonElement line, string name) =>
        line.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}

public static class Statements
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
    public static Guid Own(HttpContext http) =>
        Guid.TryParse(http.User.FindFirst(ClaimNames.Employee)?.Value, out var own) ? own : Guid.Empty;

    /// <summary>An employee user sees only their own statements; managers and admins see the tenant's.</summary>
    public static Guid? OnlyEmployee(HttpContext http) =>
        http.User.FindFirst(ClaimNames.Role)?.Value == "employee"
            ? Guid.TryParse(http.User.FindFirst(ClaimNames.Employee)?.Value, out var own) ? own : Guid.Empty
            : null;
}

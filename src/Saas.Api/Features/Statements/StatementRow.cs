using System.Text.Json;

namespace Saas.Api.Features.Statements;

/// <summary>A row of <c>statements</c>, its lines and inputs as JSON text.</summary>
public sealed record StatementRow(Guid Id, Guid EmployeeId, string Period, int Revision, string Status, string Currency, decimal Total, decimal DrawBalance,
    string Lines,
    string Inputs, Guid? PreviousId, DateTimeOffset CreatedAt, DateTimeOffset? ApprovedAt, string? ApprovedBy)
{
    public const string Columns =
        "id, employee_id, period, revision, status, currency, total, draw_balance, lines::text as lines, inputs::text as inputs, previous_id, created_at, approved_at, approved_by";

    public StatementResponse ToResponse(StatementRow? previous, IReadOnlyList<AuditEntry> audit) => new(Id, EmployeeId, Period, Revision, Status,
        Currency.Trim(), Engine.Common.Currency.Scaled(Total, Currency.Trim()), Engine.Common.Currency.Scaled(DrawBalance, Currency.Trim()), Parse(Lines), Parse(Inputs), PreviousId, previous is null ? [] : Changes(previous.Lines, Lines), audit, CreatedAt,
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

using System.Security.Claims;
using System.Text.Json;
using Marten;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Statements;

/// <summary>Which statements a caller sees, and a statement read whole (with the revision it replaces and its audit).</summary>
public static class StatementAccess
{
    /// <summary>The statement, if the caller may see it: employees only their own.</summary>
    public static async Task<Statement?> VisibleAsync(UnitOfWork work, Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var statement = await work.Documents.LoadAsync<Statement>(id, cancellationToken);
        return statement is null || OnlyEmployee(user) is { } own && statement.EmployeeId != own ? null : statement;
    }

    /// <summary>The statement with its lines, inputs, the change per line against <see cref="Statement.PreviousId"/>, and its
    /// audit, read in one batch. The amounts are the calculated revision's, which nothing can change.</summary>
    public static async Task<StatementResponse> ReadAsync(UnitOfWork work, Statement statement, CancellationToken cancellationToken)
    {
        var batch = work.Documents.CreateBatchQuery();
        var calculated = batch.Load<CalculatedStatement>(statement.Id);
        var previous = statement.PreviousId is { } previousId ? batch.Load<CalculatedStatement>(previousId) : Task.FromResult<CalculatedStatement?>(null);
        var audit = batch.Query<StatementAuditEntry>().Where(a => a.StatementId == statement.Id).ToList();
        await batch.Execute(cancellationToken);
        var current = await calculated ?? throw new InvalidOperationException($"Statement {statement.Id} has no calculated lines.");
        var before = await previous;
        return new StatementResponse(statement.Id, statement.EmployeeId, statement.Period, statement.Revision, statement.Status, current.Currency,
            Engine.Common.Currency.Scaled(current.Total, current.Currency), Engine.Common.Currency.Scaled(current.DrawBalance, current.Currency),
            current.Lines, current.Inputs, statement.PreviousId, before is null ? [] : Changes(before.Lines, current.Lines),
            (await audit).OrderBy(a => a.At).ThenBy(a => a.Id).Select(a => a.ToEntry()).ToList(), statement.CreatedAt, statement.ApprovedAt,
            statement.ApprovedBy);
    }

    private static IReadOnlyList<LineChange> Changes(JsonElement before, JsonElement after)
    {
        static Dictionary<(string, string?, string?), (string? Label, decimal Amount)> Index(JsonElement lines) =>
            lines.EnumerateArray()
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

    /// <summary>The signed-in user's employee (an empty id, matching nothing, when the user is not linked to one).</summary>
    public static Guid Own(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(ClaimNames.Employee)?.Value, out var own) ? own : Guid.Empty;

    /// <summary>An employee user sees only their own statements; managers and admins see the tenant's.</summary>
    public static Guid? OnlyEmployee(ClaimsPrincipal user) =>
        user.FindFirst(ClaimNames.Role)?.Value == "employee" ? Own(user) : null;
}

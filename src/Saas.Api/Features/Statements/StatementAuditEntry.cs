using System.Text.Json;

namespace Saas.Api.Features.Statements;

/// <summary>Who did what to a statement revision, and when (calculated, approved, adjusted, inquiry), a Marten document
/// (ADR 0012). Written once and kept: the application role may insert entries and nothing else.</summary>
public sealed class StatementAuditEntry
{
    public Guid Id { get; set; }

    public Guid StatementId { get; set; }

    public required string Action { get; set; }

    public string? Actor { get; set; }

    public DateTimeOffset At { get; set; }

    public JsonElement? Details { get; set; }

    public static StatementAuditEntry For(Guid statementId, string action, string? actor, DateTimeOffset at, object? details = null) => new()
    {
        Id = Guid.CreateVersion7(),
        StatementId = statementId,
        Action = action,
        Actor = actor,
        At = at,
        Details = details is null ? null : JsonSerializer.SerializeToElement(details),
    };

    public AuditEntry ToEntry() => new(Action, Actor, At, Details);
}

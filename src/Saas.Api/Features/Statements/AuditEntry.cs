using System.Text.Json;

namespace Saas.Api.Features.Statements;

public sealed record AuditEntry(string Action, string? Actor, DateTimeOffset At, JsonElement? Details);

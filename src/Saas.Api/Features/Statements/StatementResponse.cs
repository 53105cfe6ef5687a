using System.Text.Json;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Statements;

/// <summary>A statement with every line (component, metric, target, actual, attainment, rate or tier, formula with the
/// numbers, amount, explanation in the tenant's language), what it was computed from, the change per line against the
/// revision it replaces, and who did what to it.</summary>
public sealed record StatementResponse(Guid Id, Guid EmployeeId, string Period, int Revision, [property: DocumentedValues("draft", "approved", "superseded")] string Status, string Currency, decimal Total,
    decimal DrawBalance, JsonElement Lines, JsonElement Inputs, Guid? PreviousId, IReadOnlyList<LineChange> Changes, IReadOnlyList<AuditEntry> Audit,
    DateTimeOffset CreatedAt, DateTimeOffset? ApprovedAt, string? ApprovedBy);

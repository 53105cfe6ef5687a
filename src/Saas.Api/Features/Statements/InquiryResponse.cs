namespace Saas.Api.Features.Statements;

/// <summary>An inquiry about a statement (or one of its lines) with its messages in order.</summary>
public sealed record InquiryResponse(Guid Id, Guid StatementId, string Period, string? ComponentId, string Status, IReadOnlyList<InquiryMessage> Messages,
    DateTimeOffset CreatedAt);

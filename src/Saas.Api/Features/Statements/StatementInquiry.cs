namespace Saas.Api.Features.Statements;

/// <summary>An employee's question about their statement (or one of its lines) with the thread of messages, a Marten
/// document (ADR 0012). It hangs on the employee and period, not on one revision, so it stays when a recalculation makes
/// a new revision; <see cref="StatementId"/> is the revision it was opened on.</summary>
public sealed class StatementInquiry
{
    public const string Open = "open";
    public const string Answered = "answered";

    public Guid Id { get; set; }

    public Guid EmployeeId { get; set; }

    public required string Period { get; set; }

    public Guid StatementId { get; set; }

    public string? ComponentId { get; set; }

    public string Status { get; set; } = Open;

    public List<InquiryMessage> Messages { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public InquiryResponse ToResponse() => new(Id, StatementId, Period, ComponentId, Status, Messages, CreatedAt);
}

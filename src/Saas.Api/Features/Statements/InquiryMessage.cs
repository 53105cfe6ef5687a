namespace Saas.Api.Features.Statements;

public sealed record InquiryMessage(string? Author, string AuthorRole, string Text, DateTimeOffset At);

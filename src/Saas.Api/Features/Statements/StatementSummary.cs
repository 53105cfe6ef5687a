using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Statements;

public sealed record StatementSummary(Guid Id, Guid EmployeeId, string Period, int Revision, [property: DocumentedValues("draft", "approved", "superseded")] string Status, string Currency, decimal Total,
    Guid? PreviousId, DateTimeOffset CreatedAt, DateTimeOffset? ApprovedAt);

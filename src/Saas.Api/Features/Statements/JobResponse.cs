using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Statements;

/// <summary>A calculation job: its state, its progress from 0 to 1, and where its statements are listed.</summary>
public sealed record JobResponse(Guid Id, string Period, [property: DocumentedValues("queued", "running", "succeeded", "failed")] string Status, decimal Progress, int Total, int Done, int Changed, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string Result);

namespace Saas.Api.Features.Statements;

/// <summary>A row of <c>calculation_jobs</c>.</summary>
public sealed record JobRow(Guid Id, string Period, string Status, int Total, int Done, int Changed, string? Error, DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public const string Columns = "id, period, status, total, done, changed, error, created_at, started_at, finished_at";

    public JobResponse ToResponse() => new(Id, Period, Status,
        Status == "succeeded" ? 1m : Total == 0 ? 0m : Math.Round((decimal)Done / Total, 4), Total, Done, Changed, Error,
        CreatedAt, StartedAt, FinishedAt, $"/api/v1/statements?period={Period}");
}

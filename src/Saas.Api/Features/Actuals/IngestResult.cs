namespace Saas.Api.Features.Actuals;

/// <summary>The answer to a batch: valid items are stored (or were already: duplicates), invalid ones come back by
/// their index with field errors.</summary>
public sealed record IngestResult(int Received, int Accepted, int Duplicates, IReadOnlyList<RejectedItem> Rejected, int RejectedCount);

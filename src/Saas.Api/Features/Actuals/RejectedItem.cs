namespace Saas.Api.Features.Actuals;

/// <summary>An item of a batch (or a row of a file) that was not stored, by its index, with its field errors.</summary>
public sealed record RejectedItem(int Index, IReadOnlyDictionary<string, string[]> Errors);

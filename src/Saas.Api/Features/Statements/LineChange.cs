namespace Saas.Api.Features.Statements;

/// <summary>How a line's amount moved against the previous revision (0 before: a new line; 0 after: a line gone).</summary>
public sealed record LineChange(string Kind, string? ComponentId, string? DealId, string? Label, decimal Before, decimal After, decimal Change);

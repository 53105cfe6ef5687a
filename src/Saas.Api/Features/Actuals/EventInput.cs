using System.Text.Json;
using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Metrics;

namespace Saas.Api.Features.Actuals;

/// <summary>One event as an integration posts it. The employee is named by <see cref="EmployeeId"/> or by the id the
/// source system knows them by (<see cref="EmployeeExternalId"/>, looked up in the employee's <c>externalIds</c> under
/// <see cref="Source"/>). A <c>deal.won</c> may carry <see cref="Attributes"/>: the built-in <c>contract_months</c> (a number),
/// <c>product_line</c> (a text) and <c>deal_type</c> (<c>new</c>, <c>renewal</c> or <c>expansion</c>), and the tenant's own
/// declared in its settings' <c>dealAttributes</c>; plans' deal rules pay by them.</summary>
public sealed record EventInput(
    string? Source,
    string? ExternalId,
    [property: DocumentedValues(typeof(EventTypes))] string? Type,
    DateTimeOffset? OccurredAt,
    string? LeadId,
    string? DealId,
    string? AccountId,
    Guid? EmployeeId,
    string? EmployeeExternalId,
    string? Channel,
    string? Campaign,
    string? Hypothesis,
    decimal? Amount,
    string? Currency,
    string? ReasonCode,
    string? Comment,
    IReadOnlyList<CreditInput>? Splits,
    IReadOnlyList<CreditInput>? Overlays,
    IReadOnlyDictionary<string, JsonElement>? Attributes = null);

namespace Saas.Api.Features.Actuals.GetLead;

/// <summary>A lead as its events tell it: its source by the tenant's attribution model (and by every model), its owner,
/// the stages it reached, its latest disqualification reason and its deals.</summary>
public sealed record Response(string LeadId, Source? Source, IReadOnlyDictionary<string, Source?> SourceByModel, Guid? Owner,
    IReadOnlyList<string> Stages, string? DisqualificationReason, IReadOnlyList<Deal> Deals, int Events);

/// <summary>The touch an attribution model credits with the lead.</summary>
public sealed record Source(string Model, string Channel, string? Campaign, string? Hypothesis, DateTimeOffset TouchedAt);

/// <summary>A deal of the lead: the version in force, how many versions came, and who it credits.</summary>
public sealed record Deal(string DealId, decimal Amount, string Currency, DateTimeOffset WonAt, int Versions, bool Refunded, IReadOnlyList<Credit> Credits);

public sealed record Credit(Guid EmployeeId, string Role, decimal Share, bool Overlay);

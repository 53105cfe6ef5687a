using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Common;
using Saas.Engine.Metrics;

namespace Saas.Api.Features.Actuals.ListEvents;

public sealed class Request : PageRequest
{
    /// <summary>Only events of this month (2026-12) or quarter (2026-Q4), in the tenant's time zone.</summary>
    [QueryParam]
    public string? Period { get; init; }

    [QueryParam]
    [DocumentedValues(typeof(EventTypes))]
    public string? Type { get; init; }

    [QueryParam]
    public Guid? EmployeeId { get; init; }

    [QueryParam]
    public string? LeadId { get; init; }

    [QueryParam]
    public string? DealId { get; init; }

    [QueryParam]
    public string? Source { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        Include(new PageRequestValidator());
        RuleFor(r => r.Period).Must(period => Period.TryParse(period, out _)).When(r => r.Period is not null)
            .WithMessage(PeriodParameter.Message).WithErrorCode("Period");
        RuleFor(r => r.Type).Must(type => EventTypes.All.Contains(type!)).When(r => r.Type is not null)
            .WithMessage("'type' must be one of " + string.Join(", ", EventTypes.All) + ".").WithErrorCode("Must");
    }
}

/// <summary>A stored event; <see cref="Splits"/> and <see cref="Overlays"/> as they were stored, with the employees resolved.</summary>
public sealed record EventResponse(long Id, string Source, string ExternalId, string Type, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt,
    string? LeadId, string? DealId, string? AccountId, Guid? EmployeeId, string? Channel, string? Campaign, string? Hypothesis,
    decimal? Amount, string? Currency, string? ReasonCode, string? Comment, System.Text.Json.JsonElement? Splits, System.Text.Json.JsonElement? Overlays,
    System.Text.Json.JsonElement? Attributes);

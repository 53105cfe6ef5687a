using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Webhooks.ListDeliveries;

public sealed class Request : PageRequest
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>Only deliveries in this state: pending, succeeded or failed.</summary>
    [QueryParam]
    [DocumentedValues("pending", "succeeded", "failed")]
    public string? Status { get; init; }
}

public sealed class Validator : Validator<Request>
{
    private static readonly string[] Statuses = ["pending", "succeeded", "failed"];

    public Validator()
    {
        Include(new PageRequestValidator());
        RuleFor(r => r.Status).Must(Statuses.Contains).When(r => r.Status is not null)
            .WithMessage("'status' must be one of " + string.Join(", ", Statuses) + ".").WithErrorCode("Must");
    }
}

/// <summary>An event sent (or being retried) to the subscription, with its every attempt.</summary>
public sealed record Delivery(Guid Id, Guid EventId, string EventType, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? CompletedAt, int? LastStatusCode, string? LastError, IReadOnlyList<Attempt> AttemptLog);

public sealed record Attempt(int Number, DateTimeOffset AttemptedAt, int DurationMs, int? StatusCode, string? Error);

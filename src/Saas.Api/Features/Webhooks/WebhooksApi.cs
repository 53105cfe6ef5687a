using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Webhooks;

public static class WebhooksApi
{
    public static void MapWebhooks(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.TenantAdmin);
        group.MapPost("/", CreateWebhook.Handle).WithName("CreateWebhook")
            .WithSummary("Subscribe a URL to events (the signing secret is shown once)");
        group.MapGet("/", ListWebhooks.Handle).WithName("ListWebhooks").WithSummary("List webhook subscriptions");
        group.MapGet("/{id:guid}", GetWebhook.Handle).WithName("GetWebhook").WithSummary("Get a webhook subscription");
        group.MapPatch("/{id:guid}", UpdateWebhook.Handle).WithName("UpdateWebhook")
            .WithSummary("Change a webhook's URL, events, description or whether it is active");
        group.MapDelete("/{id:guid}", DeleteWebhook.Handle).WithName("DeleteWebhook").WithSummary("Delete a webhook subscription");
        group.MapGet("/{id:guid}/deliveries", ListDeliveries.Handle).WithName("ListWebhookDeliveries")
            .WithSummary("List a webhook's deliveries with every attempt");
    }
}

/// <summary>A subscription as the API shows it: never with its secret, which only the creation's answer carries.</summary>
public sealed record WebhookResponse(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, bool Active, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record WebhookRow
{
    public Guid Id { get; init; }
    public required string Url { get; init; }
    public required string[] Events { get; init; }
    public string? Description { get; init; }
    public bool Active { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public const string Columns = "id, url, events, description, active, created_at, updated_at";

    public WebhookResponse ToResponse() => new(Id, Url, Events, Description, Active, CreatedAt, UpdatedAt);
}

/// <summary>Rules that creating and changing a subscription share.</summary>
internal static class WebhookRules
{
    public const int MaxSubscriptions = 20;

    public static void CheckUrl(string? url, WebhookOptions options, Dictionary<string, string[]> errors)
    {
        if (WebhookTargets.Problem(url, options) is { } problem)
            errors["url"] = [problem];
    }

    public static void CheckEvents(IReadOnlyList<string?>? events, Dictionary<string, string[]> errors)
    {
        if (events is null || events.Count == 0)
            errors["events"] = ["'events' needs at least one of " + string.Join(", ", WebhookEvents.All) + "."];
        else if (events.Count > 20)
            errors["events"] = ["'events' lists at most 20 names."];
        else if (events.Where(e => e is null || !WebhookEvents.All.Contains(e)).Select(e => e ?? "null").FirstOrDefault() is { } unknown)
            errors["events"] = [$"'{unknown}' is not an event; use {string.Join(", ", WebhookEvents.All)}."];
    }

    public static void CheckDescription(string? description, Dictionary<string, string[]> errors)
    {
        if (description is { Length: > 500 })
            errors["description"] = ["'description' must be at most 500 characters."];
    }

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem(Dictionary<string, string[]> errors) =>
        errors.Count == 0 ? null : Problems.Validation(errors, errors.ToDictionary(e => e.Key, _ => new[] { "Webhook" }));
}

using FastEndpoints;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Saas.Api.Features.Webhooks.UpdateWebhook;

/// <summary>Fields left out (or null) keep their value.</summary>
public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    public string? Url { get; init; }

    public IReadOnlyList<string?>? Events { get; init; }

    public string? Description { get; init; }

    public bool? Active { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        // The options of the host validating, read each time: this one validator serves every host in the process.
        RuleFor(r => r.Url).WebhookUrl(() => Resolve<IOptions<WebhookOptions>>().Value).When(r => r.Url is not null);
        RuleFor(r => r.Events).SubscribedEvents().When(r => r.Events is not null);
        RuleFor(r => r.Description).WebhookDescription();
    }
}

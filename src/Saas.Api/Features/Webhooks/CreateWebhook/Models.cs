using FastEndpoints;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Saas.Api.Features.Webhooks.CreateWebhook;

public sealed class Request
{
    public string? Url { get; init; }

    public IReadOnlyList<string?>? Events { get; init; }

    /// <summary>The caller's own signing secret (24 to 256 printable characters); one is generated when left out.</summary>
    public string? Secret { get; init; }

    public string? Description { get; init; }
}

/// <summary>The subscription with its signing secret: the only answer that shows it.</summary>
public sealed record Response(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, bool Active, DateTimeOffset CreatedAt,
    string Secret);

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        // The options of the host validating, read each time: this one validator serves every host in the process.
        RuleFor(r => r.Url).WebhookUrl(() => Resolve<IOptions<WebhookOptions>>().Value);
        RuleFor(r => r.Events).SubscribedEvents();
        RuleFor(r => r.Description).WebhookDescription();
        RuleFor(r => r.Secret).Must(secret => secret!.Length is >= 24 and <= 256 && !secret.Any(char.IsControl)).When(r => r.Secret is not null)
            .WithMessage("'secret' must be 24 to 256 printable characters; leave it out to have one generated.").WithErrorCode(WebhookRules.Name);
    }
}

using FluentValidation;
using FluentValidation.Results;

namespace Saas.Api.Features.Webhooks;

/// <summary>Rules that creating and changing a subscription share. A field breaks at most one of them and is told why in
/// one message; every one is named <c>Webhook</c> in the problem's <c>rules</c>.</summary>
internal static class WebhookRules
{
    public const int MaxSubscriptions = 20;
    public const int MaxEvents = 20;
    public const string Name = "Webhook";

    /// <summary>A target deliveries may go to (<see cref="WebhookTargets.Problem"/>), by the options of the host validating.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> WebhookUrl<T>(this IRuleBuilder<T, string?> rule, Func<WebhookOptions> options) =>
        rule.Answer(url => WebhookTargets.Problem(url, options()));

    public static IRuleBuilderOptionsConditions<T, IReadOnlyList<string?>?> SubscribedEvents<T>(this IRuleBuilder<T, IReadOnlyList<string?>?> rule) =>
        rule.Answer(events =>
            events is null || events.Count == 0 ? "'events' needs at least one of " + string.Join(", ", WebhookEvents.All) + "."
            : events.Count > MaxEvents ? $"'events' lists at most {MaxEvents} names."
            : events.Where(e => e is null || !WebhookEvents.All.Contains(e)).Select(e => e ?? "null").FirstOrDefault() is { } unknown
                ? $"'{unknown}' is not an event; use {string.Join(", ", WebhookEvents.All)}."
                : null);

    public static IRuleBuilderOptionsConditions<T, string?> WebhookDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Answer(description => description is { Length: > 500 } ? "'description' must be at most 500 characters." : null);

    // The message goes out as written: it quotes what the client sent, which must not be read as a message template.
    private static IRuleBuilderOptionsConditions<T, TProperty> Answer<T, TProperty>(this IRuleBuilder<T, TProperty> rule, Func<TProperty, string?> problem) =>
        rule.Custom((value, context) =>
        {
            if (problem(value) is { } message)
                context.AddFailure(new ValidationFailure(context.PropertyPath, message, value) { ErrorCode = Name });
        });
}

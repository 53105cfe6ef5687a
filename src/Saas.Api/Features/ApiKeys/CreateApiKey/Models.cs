using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.ApiKeys.CreateApiKey;

public sealed class Request
{
    public string? Name { get; init; }

    [DocumentedValues("actuals:write", "actuals:read")]
    public IReadOnlyList<string>? Scopes { get; init; }
}

/// <summary>The new key, with its secret: this answer is the only place it is ever shown.</summary>
public sealed record Response(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string Key);

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Scopes).NotEmpty();
        RuleForEach(r => r.Scopes).Must(scope => Infrastructure.Auth.Scopes.ApiKeyScopes.Contains(scope))
            .WithMessage("'{PropertyValue}' is not an API key scope; use actuals:write or actuals:read.");
    }
}

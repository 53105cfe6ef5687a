using FastEndpoints;
using FluentValidation;
using Saas.Api.Features.Tenant;

namespace Saas.Api.Features.Partners.ProvisionTenant;

public sealed class Request
{
    public string? Name { get; init; }

    public string? Slug { get; init; }

    public string? Currency { get; init; }

    public string? TimeZone { get; init; }

    /// <summary>A BCP 47 language tag of Russian or English (<c>ru</c>, <c>ru-RU</c>, <c>en</c>, <c>en-GB</c>); the language is
    /// stored and answered (<c>ru</c> or <c>en</c>).</summary>
    public string? Locale { get; init; }

    public AdminRequest? Admin { get; init; }
}

/// <summary>The tenant's first admin.</summary>
public sealed class AdminRequest
{
    public string? Email { get; init; }

    public string? FullName { get; init; }
}

public sealed record Response(Guid Id, string Name, string Slug, string Currency, string TimeZone, string Locale, string Status,
    AdminResponse Admin);

public sealed record AdminResponse(Guid Id, string Email, string FullName, string ActivationToken, DateTimeOffset ActivationExpiresAt);

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Slug).NotEmpty().Matches("^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$")
            .WithMessage("'slug' must be 3–63 lowercase letters, digits and inner hyphens.");
        RuleFor(r => r.Currency).NotEmpty().KnownCurrency();
        RuleFor(r => r.TimeZone).NotEmpty().KnownTimeZone();
        RuleFor(r => r.Locale).NotEmpty().KnownLocale();
        RuleFor(r => r.Admin).NotNull();
        // Named as the client's JSON names them: FastEndpoints would camel-case only the first segment (admin.Email).
        RuleFor(r => r.Admin!.Email).NotEmpty().EmailAddress().MaximumLength(320).When(r => r.Admin is not null);
        RuleFor(r => r.Admin!.FullName).NotEmpty().MaximumLength(200).When(r => r.Admin is not null);
    }
}

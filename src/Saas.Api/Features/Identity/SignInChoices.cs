using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Saas.Api.Features.Identity;

/// <summary>When a password opens several companies, the sign-in page asks which one. What the password opened travels
/// through that page as a protected, five-minute value bound to its authorization request, so that the form cannot name
/// another company, be forged, or be replayed with another client, redirect URI, PKCE challenge, scope or nonce.</summary>
public sealed class SignInChoices(IDataProtectionProvider dataProtection)
{
    /// <summary>The form field that carries the protected choice.</summary>
    public const string Field = "sign_in_choice";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ITimeLimitedDataProtector _protector = dataProtection.CreateProtector("Saas.SignIn.Choice").ToTimeLimitedDataProtector();

    public sealed record Binding(string ClientId, string RedirectUri, string CodeChallenge, string Scope, string? Nonce);

    public sealed record Membership(Guid TenantId, Guid UserId);

    private sealed record Ticket(Binding Request, Membership[] Memberships);

    public string Protect(Binding request, IEnumerable<(Guid TenantId, Guid UserId)> memberships) =>
        _protector.Protect(JsonSerializer.Serialize(new Ticket(request, memberships.Select(m => new Membership(m.TenantId, m.UserId)).ToArray())),
            Lifetime);

    /// <summary>The user in <paramref name="tenantId"/> that the choice offered, or null when it offered none there, has
    /// expired, was altered, or belongs to another authorization request.</summary>
    public Guid? UserIn(string choice, Binding request, Guid tenantId)
    {
        Ticket? ticket;
        try
        {
            ticket = JsonSerializer.Deserialize<Ticket>(_protector.Unprotect(choice, out _));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
        return ticket is not null && ticket.Request == request
            ? ticket.Memberships.FirstOrDefault(m => m.TenantId == tenantId)?.UserId
            : null;
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Saas.Api.Features.Identity;

/// <summary>When a password opens several companies, the sign-in page asks which one. What the password opened travels
/// through that page as a protected, five-minute value bound to its authorization request, so that the form cannot name
/// another company, be forged, or be replayed with another client, redirect URI, PKCE challenge, scope or nonce; and it is
/// used once, so that the page submitted again (the back button, a shared computer) issues nothing.</summary>
public sealed class SignInChoices(IDataProtectionProvider dataProtection, NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>The form field that carries the protected choice.</summary>
    public const string Field = "sign_in_choice";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ITimeLimitedDataProtector _protector = dataProtection.CreateProtector("Saas.SignIn.Choice").ToTimeLimitedDataProtector();

    public sealed record Binding(string ClientId, string RedirectUri, string CodeChallenge, string Scope, string? Nonce);

    public sealed record Membership(Guid TenantId, Guid UserId);

    /// <summary>The user chosen, and when their password was checked: the sign-in time an ID token reports.</summary>
    public sealed record Chosen(Guid UserId, DateTimeOffset AuthenticatedAt);

    private sealed record Ticket(Guid Id, Binding Request, Membership[] Memberships, DateTimeOffset AuthenticatedAt);

    public string Protect(Binding request, IEnumerable<(Guid TenantId, Guid UserId)> memberships, DateTimeOffset authenticatedAt) =>
        _protector.Protect(JsonSerializer.Serialize(new Ticket(Guid.NewGuid(), request,
            memberships.Select(m => new Membership(m.TenantId, m.UserId)).ToArray(), authenticatedAt)), Lifetime);

    /// <summary>Uses the choice: the user in <paramref name="tenantId"/> that it offered, or null when it offered none there,
    /// has expired, was altered, belongs to another authorization request, or was used before.</summary>
    public async Task<Chosen?> UseAsync(string choice, Binding request, Guid tenantId, CancellationToken cancellationToken)
    {
        Ticket? ticket;
        DateTimeOffset expiresAt;
        try
        {
            ticket = JsonSerializer.Deserialize<Ticket>(_protector.Unprotect(choice, out expiresAt));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
        if (ticket is null || ticket.Request != request || ticket.Memberships.FirstOrDefault(m => m.TenantId == tenantId) is not { } chosen)
            return null;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var firstUse = await connection.QuerySingleOrDefaultAsync<Guid?>("""
            with expired as (delete from sign_in_choices_used where expires_at < @now)
            insert into sign_in_choices_used (id, expires_at) values (@Id, @expiresAt) on conflict (id) do nothing
            returning id
            """, new { ticket.Id, expiresAt, now = time.GetUtcNow() });
        return firstUse is null ? null : new Chosen(chosen.UserId, ticket.AuthenticatedAt);
    }
}

using Dapper;
using Npgsql;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Identity;

/// <summary>The check of an e-mail and a password on the sign-in page (ADR 0010).</summary>
public static class SignInCredentials
{
    public sealed record Outcome(IReadOnlyList<Membership> Memberships, bool Locked);

    /// <summary>A user of one tenant as sign-in finds it by e-mail, across tenants (<c>find_memberships</c>).</summary>
    public sealed record Membership(Guid TenantId, Guid UserId, string? PasswordHash, string UserStatus, string TenantStatus, string TenantName,
        string? PartnerClientId);

    /// <summary>The memberships (users of one tenant each) that this e-mail and password open through this client. Each
    /// membership has its own password, all derived with the e-mail's salt: one derivation checks them all, and one more
    /// check covers a membership from before ADR 0010 (random salt) or, when there is none, a decoy. So a sign-in costs the
    /// same whether the address is unknown or belongs to many companies, and the answer's timing tells nothing.</summary>
    public static async Task<Outcome> CheckAsync(string email, string password, OAuthClient client,
        NpgsqlDataSource dataSource, PlatformDb db, AuthOptions settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var emailHash = Secrets.Hash(email.ToLowerInvariant());
        SignInThrottle.Attempt attempt;
        List<Membership> memberships = [];
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            attempt = await SignInThrottle.BeginAsync(connection, emailHash, settings, time.GetUtcNow());
            if (!attempt.MayCheckPassword)
                return new Outcome([], Locked: true);
            if (email.Length is > 0 and <= 320)
                memberships = (await connection.QueryAsync<Membership>("""
                    select tenant_id, user_id, password_hash, user_status, tenant_status, tenant_name, partner_client_id from find_memberships(@email)
                    """, new { email })).ToList();
        }

        var key = new Passwords.SignInKey(email, password);
        // Memberships activated before ADR 0010 have random salts, at most one per address (e-mails were unique then): it is
        // checked on its own, or a decoy is, so the cost stays the same. A successful sign-in moves it to the e-mail's salt.
        var randomSalted = memberships.Where(m => Passwords.IsRandomSalted(m.PasswordHash)).ToList();
        List<Membership> openedRandomSalted = [];
        if (randomSalted.Count == 0)
            Passwords.Verify(null, password); // the decoy
        else
            openedRandomSalted = randomSalted.Where(m => Passwords.Verify(m.PasswordHash, password)).ToList();
        var openedByPassword = memberships.Where(m => key.Opens(m.PasswordHash) || openedRandomSalted.Contains(m)).ToList();
        var opened = openedByPassword.Where(m => MaySignIn(m, client)).ToList();
        if (opened.Count == 0)
            return new Outcome([], attempt.LocksIfWrong);

        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            await SignInThrottle.SucceededAsync(connection, emailHash,
                openedEveryMembership: openedByPassword.Count == memberships.Count(m => m.PasswordHash is not null), settings);
        foreach (var upgraded in opened.Where(m => Passwords.IsRandomSalted(m.PasswordHash)))
        {
            await using var work = await db.BeginForTenantAsync(upgraded.TenantId, cancellationToken);
            await work.ExecuteAsync("update users set password_hash = @hash where tenant_id = @TenantId and id = @UserId",
                new { work.TenantId, upgraded.UserId, hash = key.StoredForm });
            await work.CommitAsync();
        }
        return new Outcome(opened, Locked: false);
    }

    /// <summary>An active user of an active tenant, signing in through a frontend of that tenant's partner (or of none).</summary>
    public static bool MaySignIn(SignInUser user, OAuthClient client) =>
        user.CanSignIn && (client.PartnerClientId is null || client.PartnerClientId == user.PartnerClientId);

    public static bool MaySignIn(Membership membership, OAuthClient client) =>
        membership is { UserStatus: "active", TenantStatus: "active" }
        && (client.PartnerClientId is null || client.PartnerClientId == membership.PartnerClientId);

}

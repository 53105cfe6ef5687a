using Dapper;
using Npgsql;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Identity;

/// <summary>Failed sign-ins per e-mail (hashed, known or not, so that lockout says nothing about which addresses exist).
/// Every attempt is counted before its password is checked, in one statement under the row's lock: concurrent guesses
/// cannot all read "not locked" and then be checked after the limit was reached, so at most
/// <see cref="AuthOptions.MaxFailedSignIns"/> passwords are ever checked per lockout.</summary>
public static class SignInThrottle
{
    /// <param name="MayCheckPassword">This attempt is within the limit; otherwise sign-in is locked and nothing is checked.</param>
    /// <param name="LocksIfWrong">A wrong password now ends in the lock (this attempt is the last one allowed).</param>
    public sealed record Attempt(bool MayCheckPassword, bool LocksIfWrong);

    public static async Task<Attempt> BeginAsync(NpgsqlConnection connection, byte[] emailHash, AuthOptions settings, DateTimeOffset now)
    {
        // An expired lock starts a new count; a live one is kept and the attempt counted past the limit.
        var failures = await connection.ExecuteScalarAsync<int>("""
            insert into login_throttle as t (email_hash, failures, locked_until, updated_at)
            values (@emailHash, 1, case when @max <= 1 then @lockUntil end, @now)
            on conflict (email_hash) do update set
                failures = case when t.locked_until <= @now then 1 else t.failures + 1 end,
                locked_until = case
                    when t.locked_until > @now then t.locked_until
                    when (case when t.locked_until <= @now then 1 else t.failures + 1 end) >= @max then @lockUntil
                end,
                updated_at = @now
            returning failures
            """, new { emailHash, now, max = settings.MaxFailedSignIns, lockUntil = now + settings.LockoutDuration });
        return new Attempt(failures <= settings.MaxFailedSignIns, failures >= settings.MaxFailedSignIns);
    }

    /// <summary>A successful sign-in. When the password opened every membership of the address, the count is cleared. When
    /// it opened only some (another company's membership of the same address has another password, perhaps a squatter's),
    /// only this attempt is taken back, and the lock with it if this attempt set it: the guesses made in between at the
    /// other memberships' passwords stay counted, whoever signs in successfully meanwhile.</summary>
    public static Task SucceededAsync(NpgsqlConnection connection, byte[] emailHash, bool openedEveryMembership, AuthOptions settings) =>
        openedEveryMembership
            ? connection.ExecuteAsync("delete from login_throttle where email_hash = @emailHash", new { emailHash })
            : connection.ExecuteAsync("""
                update login_throttle set failures = greatest(failures - 1, 0),
                    locked_until = case when failures - 1 < @max then null else locked_until end
                where email_hash = @emailHash
                """, new { emailHash, max = settings.MaxFailedSignIns });
}

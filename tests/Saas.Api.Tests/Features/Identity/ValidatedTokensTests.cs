using System.Security.Claims;
using Microsoft.Extensions.Time.Testing;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>ADR 0019: a validated token is taken as it was validated only while it lasts, and as a copy that a request cannot
/// change for the next.</summary>
public class ValidatedTokensTests
{
    [Fact]
    public void A_token_is_found_as_a_copy_until_it_expires_and_not_after()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        var tokens = new ValidatedTokens(time);
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "anna")], "Bearer"));
        tokens.Remember("token", principal, time.GetUtcNow().UtcDateTime.AddMinutes(5));

        var found = tokens.Find("token");
        Assert.Equal("anna", found?.FindFirst("sub")?.Value);
        Assert.NotSame(principal, found);
        Assert.Null(tokens.Find("another token"));

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(tokens.Find("token"));
    }
}

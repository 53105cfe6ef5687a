using System.Collections.Concurrent;
using System.Security.Claims;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>Access tokens this instance already validated (signature, issuer, audience, type, algorithm), by their exact text,
/// until they expire: a client sends the same token with every request for minutes, and checking its RSA signature again each
/// time is most of what authenticating costs. Whether its caller is still live is asked on every request all the same
/// (<see cref="LiveCallers"/>); a changed token is another text, and so validated in full.</summary>
public sealed class ValidatedTokens(TimeProvider time)
{
    /// <summary>More distinct tokens than this at once is no longer a cache worth keeping (about 10 MB of tokens): it starts again.</summary>
    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, (ClaimsPrincipal Principal, DateTime ValidTo)> _tokens = new(StringComparer.Ordinal);

    /// <summary>A copy of the principal the token was validated as, while it has not expired.</summary>
    public ClaimsPrincipal? Find(string token) =>
        _tokens.TryGetValue(token, out var entry) && time.GetUtcNow().UtcDateTime < entry.ValidTo ? entry.Principal.Clone() : null;

    public void Remember(string token, ClaimsPrincipal principal, DateTime validTo)
    {
        if (_tokens.Count >= MaxCached)
            _tokens.Clear();
        _tokens[token] = (principal.Clone(), validTo);
    }
}

namespace Saas.Api.Features.Identity;

/// <summary>The one-time token an invited user activates with (<c>act_…</c>, carrying the tenant; stored hashed).</summary>
public static class ActivationTokens
{
    public const string Prefix = "act_";
}

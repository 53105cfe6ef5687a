using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Assistant;

/// <summary>What the assistant needs of its tenant: the currency every amount is in, the locale its words are in, and
/// today in the tenant's time zone (a plan starts the month after it, and "до конца года" counts from it).</summary>
public sealed record AssistantTenant(string Currency, string Locale, DateOnly Today)
{
    public static Task<AssistantTenant> OfAsync(UnitOfWork work) =>
        work.QuerySingleAsync<AssistantTenant>(
            "select currency, locale, (now() at time zone time_zone)::date as today from tenants where id = @TenantId", new { work.TenantId });
}

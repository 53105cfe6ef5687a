using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Assistant;

/// <summary>What a conversation needs of its tenant: the currency every amount is in, and today in the tenant's time zone
/// (the plan starts the month after the conversation does, and "до конца года" counts from it).</summary>
public sealed record ConversationTenant(string Currency, DateOnly Today)
{
    public static Task<ConversationTenant> OfAsync(UnitOfWork work) =>
        work.QuerySingleAsync<ConversationTenant>(
            "select currency, (now() at time zone time_zone)::date as today from tenants where id = @TenantId", new { work.TenantId });
}

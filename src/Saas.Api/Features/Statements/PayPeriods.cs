using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Statements;

/// <summary>A period an admin locked as paid (<c>pay_periods</c>): its statements never change again.</summary>
public static class PayPeriods
{
    public static async Task<bool> IsLockedAsync(UnitOfWork work, string period) =>
        await work.ExecuteScalarAsync<string>("select status from pay_periods where tenant_id = @TenantId and period = @period",
            new { work.TenantId, period }) == "locked";
}

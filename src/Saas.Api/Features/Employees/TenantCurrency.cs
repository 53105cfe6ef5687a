using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Employees;

/// <summary>An employee paid in no currency of their own is paid in the tenant's.</summary>
public static class TenantCurrency
{
    public static Task<string> OfAsync(UnitOfWork work) =>
        work.QuerySingleAsync<string>("select currency from tenants where id = @TenantId", new { work.TenantId });
}

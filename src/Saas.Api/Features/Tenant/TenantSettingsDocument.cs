using System.Text.Json.Serialization;
using JasperFx;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Tenant;

/// <summary>A tenant's settings as a Marten document, one a tenant, its id the tenant's. <see cref="Version"/> is Marten's
/// numeric revision, the tenant's <c>ETag</c>.</summary>
public sealed class TenantSettingsDocument : IRevisioned
{
    public Guid Id { get; set; }

    public TenantSettings Settings { get; set; } = null!;

    /// <summary>Marten's revision, kept in <c>mt_version</c> and set from it on load; not in the JSON, where Marten would write
    /// it before assigning the new one and leave a stale copy.</summary>
    [JsonIgnore]
    public int Version { get; set; }

    public static async Task<TenantSettingsDocument> LoadAsync(UnitOfWork work) =>
        await work.Documents.LoadAsync<TenantSettingsDocument>(work.TenantId) ?? throw Missing(work.TenantId);

    public static InvalidOperationException Missing(Guid tenantId) => new($"Tenant {tenantId} has no settings document.");
}

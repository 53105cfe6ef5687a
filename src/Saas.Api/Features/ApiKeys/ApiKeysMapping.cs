using Mapster;

namespace Saas.Api.Features.ApiKeys;

/// <summary>An API key row as the API answers it: listed, just created (the secret is added by the use case, the only
/// one that knows it) or described to the key itself (with its tenant).</summary>
public sealed class ApiKeysMapping : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<ApiKeyRow, ApiKeyResponse>();
        config.NewConfig<ApiKeyRow, CreateApiKey.Response>().Ignore(key => key.Key);
        config.NewConfig<ApiKeyRow, CurrentApiKey.Response>().Ignore(key => key.TenantId);
    }
}

using Mapster;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Partners;

/// <summary>A tenant row and a registered client as a partner reads them.</summary>
public sealed class PartnersMapping : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        // currency is char(3), which PostgreSQL pads with blanks.
        config.NewConfig<PartnerTenantRow, PartnerTenantResponse>()
            .Map(tenant => tenant.Currency, row => row.Currency.Trim());
        config.NewConfig<OAuthClient, RegisterClient.Response>();
    }
}

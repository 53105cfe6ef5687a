using FastEndpoints;
using Mapster;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Partners.ListPartnerClients;

public sealed class Endpoint(PlatformDb db) : EndpointWithoutRequest<List<RegisterClient.Response>>
{
    public override void Configure()
    {
        Get("clients");
        Group<PartnersGroup>();
        Description(route => route.WithName("ListPartnerClients"));
        Summary(summary => summary.Summary = "List this partner's registered clients");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var clients = await work.QueryAsync<OAuthClient>(
            $"select {OAuthClient.Columns} from oauth_clients where partner_client_id = @partner order by created_at", new { partner = User.PartnerId() });
        await Send.OkAsync(clients.Select(c => c.Adapt<RegisterClient.Response>()).ToList(), cancellationToken);
    }
}

using FastEndpoints;
using Mapster;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Partners.ListPartnerClients;

public sealed class Endpoint(ClientDirectory clients) : EndpointWithoutRequest<List<RegisterClient.Response>>
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
        var registered = await clients.OfPartnerAsync(User.PartnerId(), cancellationToken);
        await Send.OkAsync(registered.Select(c => c.Adapt<RegisterClient.Response>()).ToList(), cancellationToken);
    }
}

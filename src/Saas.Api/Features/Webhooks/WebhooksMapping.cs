using Mapster;

namespace Saas.Api.Features.Webhooks;

public sealed class WebhooksMapping : IRegister
{
    public void Register(TypeAdapterConfig config) => config.NewConfig<WebhookSubscription, WebhookResponse>();
}

using FastEndpoints;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Assistant.ListConversations;

public sealed class Request : PageRequest;

public sealed class Validator : Validator<Request>
{
    public Validator() => Include(new PageRequestValidator());
}

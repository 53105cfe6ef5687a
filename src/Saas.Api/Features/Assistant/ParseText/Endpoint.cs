using FastEndpoints;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Assistant;

namespace Saas.Api.Features.Assistant.ParseText;

/// <summary>What the assistant understands of a free-text description of a team and its goals, in Russian or
/// English, with every fragment it could not understand, so that a frontend can ask the user. No side effects.</summary>
public sealed class Endpoint(TenantDb db, IOptions<AssistantOptions> options) : Endpoint<Request, TeamAndGoals>
{
    public override void Configure()
    {
        Post("parse");
        Group<AssistantGroup>();
        Description(route => route.WithName("ParseText").ProducesProblem(StatusCodes.Status413PayloadTooLarge));
        Summary(summary => summary.Summary = "Read a team and goals from text (no side effects)");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        if (AssistantText.TooLong(request.Text, options.Value) is { } tooLong)
        {
            await Send.ResultAsync(tooLong);
            return;
        }
        var today = await TenantToday.OfAsync(db, cancellationToken);
        await Send.OkAsync(TeamDescriptionParser.Parse(request.Text, today, new ParserOptions { MaxLength = options.Value.MaxTextLength }), cancellationToken);
    }
}

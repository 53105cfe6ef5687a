using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Assistant;

namespace Saas.Api.Features.Assistant;

public sealed class AssistantOptions
{
    public const string Section = "Assistant";

    /// <summary>The longest description the assistant reads, in characters; longer text is refused with 413.</summary>
    public int MaxTextLength { get; set; } = ParseText.DefaultMaxLength;
}

/// <summary>What the assistant understands of a free-text description of a team and its goals, in Russian or
/// English, with every fragment it could not understand, so that a frontend can ask the user. No side effects.</summary>
public static class ParseText
{
    public const int DefaultMaxLength = 4000;

    public sealed record Request(string? Text);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator() => RuleFor(r => r.Text).NotNull();
    }

    public static async Task<Results<Ok<TeamAndGoals>, ProblemHttpResult>> Handle(
        Request request, TenantDb db, IOptions<AssistantOptions> options, CancellationToken cancellationToken)
    {
        if (TooLong(request.Text, options.Value) is { } problem)
            return problem;
        var today = await TenantToday.OfAsync(db, cancellationToken);
        return TypedResults.Ok(TeamDescriptionParser.Parse(request.Text, today, new ParserOptions { MaxLength = options.Value.MaxTextLength }));
    }

    public static ProblemHttpResult? TooLong(string? text, AssistantOptions options) =>
        text is not null && text.Length > options.MaxTextLength
            ? Problems.Of(ProblemTypes.PayloadTooLarge,
                $"The text has {text.Length} characters; the assistant reads at most {options.MaxTextLength}. Shorten it to the team and its goals.")
            : null;

    public static RouteGroupBuilder MapAssistant(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/assistant").WithTags("Assistant").RequireAuthorization(Policies.TenantManager);
        group.MapPost("/parse", Handle).WithName("ParseText")
            .WithSummary("Read a team and goals from text (no side effects)").Validate(Validator.Instance).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return group;
    }
}

public static class TenantToday
{
    /// <summary>Today in the tenant's time zone: what "до конца года" counts from.</summary>
    public static async Task<DateOnly> OfAsync(TenantDb db, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        return await work.QuerySingleAsync<DateOnly>("select (now() at time zone time_zone)::date from tenants where id = @TenantId", new { work.TenantId });
    }
}

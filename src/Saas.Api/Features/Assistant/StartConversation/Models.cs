using FastEndpoints;
using FluentValidation;
using Saas.Api.Features.Plans.ReviewPlan;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;

namespace Saas.Api.Features.Assistant.StartConversation;

public sealed class Request
{
    /// <summary>The first message, in Russian or English: the team, its goals, anything the company knows
    /// ("У нас два маркетолога, один SMM-специалист и три менеджера по продажам. Хотим увеличить CR с 15% до 20% за 3 месяца.").
    /// Optional with <c>review</c>.</summary>
    public string? Message { get; init; }

    /// <summary>Start from an existing plan instead: it is reviewed after one of its periods by the rules of
    /// <c>POST /plans/{id}/review</c> (the same subjects and results), and the conversation takes or drops its proposals.</summary>
    public ReviewInput? Review { get; init; }
}

/// <summary>The plan, the period just closed, and each reviewed assignment's results, as <c>POST /plans/{id}/review</c> takes them.</summary>
public sealed record ReviewInput(Guid? PlanId, string? Period, IReadOnlyList<SubjectResults>? Subjects);

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Message).NotEmpty().When(r => r.Review is null)
            .WithMessage("'message' is the first message to the assistant; it cannot be empty (unless the conversation starts from a 'review').");
        RuleFor(r => r.Review!.PlanId).NotNull().OverridePropertyName("review.planId").When(r => r.Review is not null);
        RuleFor(r => r.Review!.Period).Must(p => Period.TryParse(p, out _)).OverridePropertyName("review.period")
            .WithMessage(PeriodParameter.Message).WithErrorCode("Period").When(r => r.Review is not null);
        RuleFor(r => r.Review!.Subjects).NotEmpty().OverridePropertyName("review.subjects").When(r => r.Review is not null);
        RuleForEach(r => r.Review!.Subjects).NotNull().WithMessage("An item cannot be null.").OverridePropertyName("review.subjects")
            .SetValidator(new SubjectResultsValidator()).When(r => r.Review?.Subjects is not null);
    }
}

using System.Text.Json;
using FastEndpoints;
using Saas.Api.Features.Plans;
using Saas.Api.Features.Plans.GeneratePlan;
using Saas.Api.Features.Teams;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Conversation;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Api.Features.Assistant.AcceptConversation;

/// <summary>Accepts the current proposal: stores it as a draft plan with the generator's explanation, makes the team from
/// the conversation's roles unless an existing one is named, links both to the conversation and closes it. Activating the
/// draft stays a separate, deliberate step (<c>POST /plans/{id}/activate</c>).</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("conversations/{id:guid}/accept");
        Group<AssistantGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("AcceptConversation")
            .Produces<Response>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary =>
        {
            summary.Summary = "Accept the proposal: create the draft plan (and the team) from it";
            summary.ExampleRequest = new Request { TeamName = "Маркетинг и продажи" };
        });
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        await Conversation.LockAsync(work, request.Id);
        var conversation = await work.Documents.LoadAsync<Conversation>(request.Id, cancellationToken);
        if (conversation is null)
        {
            await Send.ResultAsync(Problems.NotFound("conversation", request.Id));
            return;
        }
        if (IfMatchVersion.Stale(HttpContext, conversation.Version) is { } stale)
        {
            await Send.ResultAsync(stale);
            return;
        }
        if (conversation.Status != Conversation.Open)
        {
            await Send.ResultAsync(Conversation.Conflict("accepted", $"The conversation was already accepted as plan '{conversation.PlanId}'."));
            return;
        }
        var state = ConversationEngine.On(conversation.ReadState(), await TenantToday.OfAsync(work));
        if (state.Review is { } review)
        {
            await AcceptReviewAsync(work, conversation, review, state, cancellationToken);
            return;
        }
        if (ConversationEngine.Propose(state) is not { } proposal)
        {
            var question = ConversationEngine.Question(state)?.Question ?? "";
            await Send.ResultAsync(Conversation.Conflict("no_proposal", $"There is no proposal to accept yet. {question}".TrimEnd()));
            return;
        }

        await Team.LockTenantsTeamsAsync(work);
        Team team;
        var created = request.TeamId is null;
        if (request.TeamId is { } teamId)
        {
            if (await work.Documents.LoadAsync<Team>(teamId, cancellationToken) is not { } existing)
            {
                await Send.ResultAsync(Problems.Validation("teamId", $"No team with id '{teamId}' exists.", "TeamExists"));
                return;
            }
            team = existing;
        }
        else
        {
            var positions = state.Team.Where(r => r.Count > 0).Select(r => (r.Role, r.Count!.Value)).ToList();
            var now = DateTimeOffset.UtcNow;
            team = new Team
            {
                Id = Guid.CreateVersion7(),
                Name = request.TeamName?.Trim() ?? DefaultTeamName(state, proposal.Document),
                Department = Positions.DepartmentOf(positions),
                Positions = Positions.ToDocument(positions),
                CreatedAt = now,
                UpdatedAt = now,
            };
            work.Documents.Insert(team);
        }

        var explanation = new Explanation(null, proposal.Roles, proposal.Funnel, proposal.Smart, proposal.Cost, proposal.Assumptions, proposal.Warnings);
        var plan = StoredPlans.InsertDraft(work, proposal.Document, "generated", JsonSerializer.SerializeToElement(explanation, PlanJson.Options), User);
        Close(work, conversation, plan.Id, team.Id, state.Language == Language.Ru
            ? $"Готово: черновик плана «{plan.Name}» создан для команды «{team.Name}». Проверьте его и активируйте, когда будете готовы."
            : $"Done: the draft plan '{plan.Name}' is created for the team '{team.Name}'. Review it and activate it when ready.");
        try
        {
            await work.CommitAsync();
        }
        catch (Exception e) when (Team.IsDuplicateName(e))
        {
            await Send.ResultAsync(Problems.Conflict($"A team named '{team.Name}' already exists; give another 'teamName', or its 'teamId' to plan for it."));
            return;
        }

        HttpContext.Response.Headers.ETag = ETags.For(conversation.Version);
        await Send.ResultAsync(TypedResults.Created($"/api/v1/plans/{plan.Id}",
            new Response(plan.Id, team.Id, created, ConversationResponse.Of(conversation, state, null))));
    }

    /// <summary>A review's accepted proposals become a draft of the reviewed plan (its source and explanation kept), as
    /// <c>POST /plans/{id}/review</c> with <c>createDraft</c> makes it; no team is made, the plan already has its people.</summary>
    private async Task AcceptReviewAsync(UnitOfWork work, Conversation conversation, PlanReviewBasis review, ConversationState state,
        CancellationToken cancellationToken)
    {
        if (review.Accepted.Count == 0)
        {
            await Send.ResultAsync(Conversation.Conflict("no_proposal", "No proposal of the review is accepted, so there is nothing to draft; apply some first (\"примени 1\", \"apply all\")."));
            return;
        }
        if (await work.Documents.LoadAsync<Plan>(review.PlanId, cancellationToken) is not { } reviewed)
        {
            await Send.ResultAsync(Problems.Conflict($"The reviewed plan '{review.PlanId}' no longer exists."));
            return;
        }
        var revised = review.Revised();
        if (await PlanBodies.CheckAsync(work, revised) is { } invalid)
        {
            await Send.ResultAsync(invalid);
            return;
        }
        var draft = StoredPlans.InsertDraft(work, revised, reviewed.Source, reviewed.Generation, User);
        Close(work, conversation, draft.Id, null, state.Language == Language.Ru
            ? $"Готово: черновик «{draft.Name}» с принятыми предложениями ({string.Join(", ", review.Accepted)}) создан. Активируйте его со следующего периода, когда будете готовы."
            : $"Done: the draft '{draft.Name}' with the accepted proposals ({string.Join(", ", review.Accepted)}) is created. Activate it from the next period when ready.");
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(conversation.Version);
        await Send.ResultAsync(TypedResults.Created($"/api/v1/plans/{draft.Id}",
            new Response(draft.Id, null, false, ConversationResponse.Of(conversation, state, null))));
    }

    private static void Close(UnitOfWork work, Conversation conversation, Guid planId, Guid? teamId, string message)
    {
        conversation.Status = Conversation.Accepted;
        conversation.PlanId = planId;
        conversation.TeamId = teamId;
        conversation.UpdatedAt = DateTimeOffset.UtcNow;
        conversation.Messages.Add(new ConversationMessage { Author = ConversationMessage.Assistant, At = conversation.UpdatedAt, Text = message });
        work.Documents.UpdateRevision(conversation, conversation.Version + 1);
    }

    private static string DefaultTeamName(ConversationState state, PlanDocument plan) => state.Language == Language.Ru
        ? $"Команда плана {plan.Periods[0]} — {plan.Periods[^1]}"
        : $"Team of the plan {plan.Periods[0]} to {plan.Periods[^1]}";
}

using System.Net;
using Alba;
using Marten;
using Npgsql;
using Saas.Api.Features.Assistant;
using Saas.Api.Features.Plans;
using Saas.Api.Features.Teams;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Features.Plans;
using Saas.Api.Tests.Infrastructure;
using Saas.Engine.Common;
using Saas.Engine.Plans;
using Saas.Engine.Text;
using AcceptResponse = Saas.Api.Features.Assistant.AcceptConversation.Response;

namespace Saas.Api.Tests.Features.Assistant;

public class ConversationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string Conversations = "/api/v1/assistant/conversations";

    private static readonly string[] MonthsIn =
        ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре", "ноябре", "декабре"];

    private IAlbaHost Host => fixture.Host;

    private async Task<ConversationResponse> StartAsync(string token, string message) =>
        (await Host.Scenario(s =>
        {
            s.As(token).Post.Json(new { message }).ToUrl(Conversations);
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<ConversationResponse>()!;

    private async Task<ConversationResponse> SayAsync(string token, Guid id, string message) =>
        (await Host.Scenario(s =>
        {
            s.As(token).Post.Json(new { message }).ToUrl($"{Conversations}/{id}/messages");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        })).ReadAsJson<ConversationResponse>()!;

    [Fact]
    public async Task The_seed_example_as_a_conversation_ends_in_a_draft_plan_and_a_team_with_the_refined_terms()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync("ru"));

        var started = await StartAsync(admin, AssistantTests.SeedText);
        Assert.Equal(Language.Ru, started.Language);
        Assert.Equal(Conversation.Open, started.Status);
        Assert.Equal([(Role.Marketer, 2), (Role.Smm, 1), (Role.SalesManager, 3)], started.Understood.Team.Select(r => (r.Role, r.Count!.Value)));
        var goal = Assert.Single(started.Understood.Goals);
        Assert.Equal((0.15m, 0.20m, 3), (goal.Goal.From!.Value, goal.Goal.To!.Value, goal.Goal.HorizonMonths!.Value));
        Assert.Equal(AssistantTests.SeedText.Substring(goal.Source.Start, goal.Source.Length), goal.Source.Text);
        Assert.NotNull(started.Proposal);
        Assert.Equal(3, started.Proposal.Cost.Totals.Count);
        Assert.Equal(["salary", "budget"], started.Missing.Select(m => m.Code));
        Assert.StartsWith("Какие оклады", started.Question);
        Assert.Equal(2, started.Messages.Count);
        var periods = started.Proposal.Document.Periods;

        var salaries = await SayAsync(admin, started.Id, "оклад у маркетологов 80 тыс, у SMM 60 тыс, у менеджеров по продажам 70 тыс");
        Assert.Equal([(Role.Marketer, 80_000m), (Role.Smm, 60_000m), (Role.SalesManager, 70_000m)],
            salaries.Understood.Team.Select(r => (r.Role, r.BaseSalary!.Value)));
        Assert.Equal(3, salaries.Changes.Count(c => c.Field == "base_salary"));
        Assert.Equal("budget", Assert.Single(salaries.Missing).Code);

        var season = await SayAsync(admin, started.Id, $"В период распродаж в {MonthsIn[int.Parse(periods[1][5..]) - 1]} увеличить бонус за конверсию");
        Assert.Equal(
            [("revenue", 0.5m, 0.43m), ("cr_lead_to_won", 0.3m, 0.4m), ("mql_to_sql_shared", 0.2m, 0.17m)],
            season.Changes.Select(c => (c.Component!, c.Before!.Value, c.After!.Value)));
        Assert.All(season.Changes, c => Assert.Equal((Role.SalesManager, "weight", periods[1]), (c.Role, c.Field!, c.Period!)));
        Assert.Contains("Что изменилось", season.Messages[^1].Text);

        var share = await SayAsync(admin, started.Id, "подними переменную часть менеджерам по продажам до 50%");
        var changed = Assert.Single(share.Changes);
        Assert.Equal((Role.SalesManager, "variable_share", 0.4m, 0.5m), (changed.Role, changed.Field!, changed.Before!.Value, changed.After!.Value));

        var accepted = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { }).ToUrl($"{Conversations}/{started.Id}/accept");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<AcceptResponse>()!;
        Assert.True(accepted.TeamCreated);
        Assert.Equal(Conversation.Accepted, accepted.Conversation.Status);
        Assert.Equal((accepted.PlanId, accepted.TeamId), (accepted.Conversation.PlanId!.Value, accepted.Conversation.TeamId!.Value));

        var plan = await Host.GetAsJson<PlanResponse>($"/api/v1/plans/{accepted.PlanId}", admin);
        Assert.Equal(("draft", "generated"), (plan.Status, plan.Source));
        Assert.Equal(periods, plan.Document.Periods);
        var sales = plan.Document.Assignments.Single(a => a.Role == Role.SalesManager);
        Assert.Equal((70_000m, 0.5m), (sales.BaseSalary!.Value, sales.TargetVariablePay.OfBase!.Value));
        Assert.Equal(["revenue", "cr_lead_to_won", "mql_to_sql_shared", "deals_over_plan", "sla_gate", "reasons_gate"], sales.Components.Select(c => c.Id));
        Assert.Equal([0.5m, 0.3m, 0.2m], sales.Components.OfType<IAttainmentTerms>().Select(c => c.Weight));
        Assert.Equal([("revenue", 0.43m), ("cr_lead_to_won", 0.4m), ("mql_to_sql_shared", 0.17m)],
            sales.Overrides.Where(o => o.Period == periods[1] && o.Weight is not null).Select(o => (o.Component, o.Weight!.Value)));
        Assert.Equal(0.1833m, sales.Overrides.Single(o => o.Period == periods[1] && o.Component == "cr_lead_to_won").Target);
        Assert.Equal((80_000m, 60_000m), (plan.Document.Assignments.Single(a => a.Role == Role.Marketer).BaseSalary!.Value,
            plan.Document.Assignments.Single(a => a.Role == Role.Smm).BaseSalary!.Value));
        Assert.Empty(PlanValidator.Validate(plan.Document));

        var team = await Host.GetAsJson<TeamResponse>($"/api/v1/teams/{accepted.TeamId}", admin);
        Assert.Equal([("marketer", 2), ("smm", 1), ("sales_manager", 3)], team.Positions.Select(p => (p.Role, p.Headcount)));

        var closed = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { message = "ещё одно" }).ToUrl($"{Conversations}/{started.Id}/messages");
            s.ProblemShouldBe(HttpStatusCode.Conflict);
        })).ReadProblem();
        Assert.Equal("accepted", closed.Other!["reason"].GetString());
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { }).ToUrl($"{Conversations}/{started.Id}/accept");
            s.ProblemShouldBe(HttpStatusCode.Conflict);
        });
        var history = await Host.GetAsJson<ConversationResponse>($"{Conversations}/{started.Id}", admin);
        Assert.Equal(9, history.Messages.Count);
        Assert.Equal(["user", "assistant"], history.Messages.Take(2).Select(m => m.Author));
        Assert.All(history.Messages.Where(m => m.Author == "assistant").SkipLast(1), m => Assert.Equal("rules", m.Reader));
    }

    [Fact]
    public async Task An_english_conversation_asks_for_a_missing_headcount_first_and_has_no_proposal_until_answered()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync("en"));
        var started = await StartAsync(admin, "We have a head of sales and several SDRs. Raise revenue to 12M a month.");
        Assert.Equal(Language.En, started.Language);
        Assert.Null(started.Proposal);
        Assert.Equal("role_count", started.Missing[0].Code);
        Assert.Equal(Role.Sdr, started.Missing[0].Role);
        Assert.True(started.Missing[0].Blocking);
        Assert.Equal(started.Missing[0].Question, started.Question);

        var skipped = await SayAsync(admin, started.Id, "skip");
        Assert.Null(skipped.Proposal);
        Assert.NotEmpty(skipped.Messages[^1].Refused!);

        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { }).ToUrl($"{Conversations}/{started.Id}/accept");
            s.ProblemShouldBe(HttpStatusCode.Conflict);
        });

        var answered = await SayAsync(admin, started.Id, "three");
        Assert.Equal(3, answered.Understood.Team.Single(r => r.Role == Role.Sdr).Count);
        Assert.NotNull(answered.Proposal);
        Assert.Contains("Here is a plan", answered.Messages[^1].Text);
    }

    [Fact]
    public async Task What_the_assistant_does_not_understand_is_said_and_nothing_is_guessed()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync("ru"));
        var started = await StartAsync(admin, AssistantTests.SeedText);
        var reply = await SayAsync(admin, started.Id, "добавь охват для SMM");
        Assert.Empty(reply.Changes);
        var missed = Assert.Single(reply.Messages[^1].NotUnderstood!);
        Assert.Equal(("unknown_metric", "добавь охват для SMM"), (missed.Reason, missed.Source.Text));
        Assert.Contains("Не понял", reply.Messages[^1].Text);
        Assert.Equal(started.Understood.Adjustments, reply.Understood.Adjustments);
    }

    [Fact]
    public async Task Conversations_are_listed_read_one_by_one_and_kept_to_their_tenant()
    {
        var tenant = await fixture.CreateTenantAsync("ru");
        var (admin, manager) = (await fixture.TokenAsync(tenant), await fixture.TokenAsync(tenant, "manager"));
        var first = await StartAsync(manager, AssistantTests.SeedText);
        var second = await StartAsync(admin, "два маркетолога");

        var page = await Host.GetAsJson<Page<ConversationSummary>>($"{Conversations}?limit=1", admin);
        Assert.Equal(first.Id, Assert.Single(page.Items).Id);
        Assert.Equal(AssistantTests.SeedText.Length > 120 ? AssistantTests.SeedText[..119] + "…" : AssistantTests.SeedText, page.Items[0].Title);
        var next = await Host.GetAsJson<Page<ConversationSummary>>($"{Conversations}?limit=1&cursor={page.NextCursor}", admin);
        Assert.Equal(second.Id, Assert.Single(next.Items).Id);

        var read = await Host.GetAsJson<ConversationResponse>($"{Conversations}/{first.Id}", admin);
        Assert.Equal(first.Proposal!.Document.Assignments.Count, read.Proposal!.Document.Assignments.Count);
        Assert.Equal(first.Messages.Select(m => m.Text), read.Messages.Select(m => m.Text));

        // A manager talks to the assistant; only an admin turns the proposal into a plan.
        await Host.Scenario(s =>
        {
            s.As(manager).Post.Json(new { }).ToUrl($"{Conversations}/{first.Id}/accept");
            s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
        });

        var stranger = await fixture.TokenAsync(await fixture.CreateTenantAsync("ru"));
        await Host.Scenario(s =>
        {
            s.As(stranger).Get.Url($"{Conversations}/{first.Id}");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        await Host.Scenario(s =>
        {
            s.As(stranger).Post.Json(new { message = "три маркетолога" }).ToUrl($"{Conversations}/{first.Id}/messages");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        Assert.Empty((await Host.GetAsJson<Page<ConversationSummary>>(Conversations, stranger)).Items);
    }

    [Fact]
    public async Task Bad_requests_get_problems_and_change_nothing()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync("ru"));
        var empty = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { message = "" }).ToUrl(Conversations);
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Contains("message", empty.Errors!.Keys);
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { message = new string('а', 4001) }).ToUrl(Conversations);
            s.ProblemShouldBe(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        });
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { message = "два маркетолога" }).ToUrl($"{Conversations}/{Guid.CreateVersion7()}/messages");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        var started = await StartAsync(admin, AssistantTests.SeedText);
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { message = "два маркетолога" }).ToUrl($"{Conversations}/{started.Id}/messages");
            s.WithRequestHeader("If-Match", "\"99\"");
            s.ProblemShouldBe(HttpStatusCode.PreconditionFailed);
        });
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { teamId = Guid.CreateVersion7(), teamName = "x" }).ToUrl($"{Conversations}/{started.Id}/accept");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        });
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { teamId = Guid.CreateVersion7() }).ToUrl($"{Conversations}/{started.Id}/accept");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        });
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Text("""{"message":"x","extra":1}""").ToUrl(Conversations);
            s.WithRequestHeader("Content-Type", "application/json");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "unknown-property");
        });
        var unchanged = await Host.GetAsJson<ConversationResponse>($"{Conversations}/{started.Id}", admin);
        Assert.Equal((Conversation.Open, 2, started.Version), (unchanged.Status, unchanged.Messages.Count, unchanged.Version));
    }

    [Fact]
    public async Task A_conversation_about_an_existing_plan_takes_the_reviews_proposals_by_number_and_drafts_the_revision()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync("ru"));
        var planId = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Text(PlansTests.SalesPlan()).ToUrl("/api/v1/plans");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<PlanResponse>()!.Id;
        var review = new
        {
            planId,
            period = "2026-12",
            subjects = new[]
            {
                new
                {
                    role = "sales_manager",
                    // SQL→deal fell from 16 % to 15 % against a 20 % target: the review weighs it more from January.
                    metrics = new Dictionary<string, decimal> { ["cr_sql_to_won"] = 0.15m, ["revenue"] = 3_000_000m },
                    previousMetrics = new Dictionary<string, decimal> { ["cr_sql_to_won"] = 0.16m, ["revenue"] = 3_000_000m },
                },
            },
        };

        var started = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { review }).ToUrl(Conversations);
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<ConversationResponse>()!;
        Assert.Null(started.Proposal);
        Assert.Empty(started.Missing);
        Assert.Equal(("2026-12", "2027-01"), (started.Review!.Period, started.Review.NextPeriod));
        var numbered = started.Review.Proposals.Single(p => p.Proposal.Code == "conversion_not_growing");
        Assert.False(numbered.Accepted);
        Assert.Equal("Разбор плана «Продажи, декабрь» за 2026-12", started.Messages[0].Text);
        Assert.Contains($"{numbered.Number}. {numbered.Proposal.Message}", started.Messages[1].Text);

        var applied = await SayAsync(admin, started.Id, $"примени {numbered.Number}");
        Assert.True(applied.Review!.Proposals.Single(p => p.Number == numbered.Number).Accepted);
        Assert.Contains(applied.Changes, c => (c.Component, c.Field, c.Period, c.After) == ("sql_to_won", "weight", "2027-01", 0.7m));
        var refused = await SayAsync(admin, started.Id, "добавь CAC маркетологам");
        Assert.Contains("это разбор плана", Assert.Single(refused.Messages[^1].Refused!));

        var accepted = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { }).ToUrl($"{Conversations}/{started.Id}/accept");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<AcceptResponse>()!;
        Assert.Null(accepted.TeamId);
        Assert.False(accepted.TeamCreated);
        var draft = await Host.GetAsJson<PlanResponse>($"/api/v1/plans/{accepted.PlanId}", admin);
        Assert.Equal(("draft", "manual"), (draft.Status, draft.Source));
        var weightsInJanuary = draft.Document.Assignments[0].Overrides.Where(o => o.Period == "2027-01").ToDictionary(o => o.Component, o => o.Weight);
        Assert.Equal(new Dictionary<string, decimal?> { ["sql_to_won"] = 0.7m, ["revenue"] = 0.3m }, weightsInJanuary);
        Assert.Equal(0.6m, draft.Document.Assignments[0].Components.OfType<IAttainmentTerms>().Single(c => c.Metric == "cr_sql_to_won").Weight);

        var missing = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { review = review with { period = "2026-10" } }).ToUrl(Conversations);
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Contains("review.period", missing.Errors!.Keys);
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { review = review with { planId = Guid.CreateVersion7() } }).ToUrl(Conversations);
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        var noSubjects = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { review = new { planId, period = "2026-12", subjects = Array.Empty<object>() } }).ToUrl(Conversations);
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Contains("review.subjects", noSubjects.Errors!.Keys);
    }

    [Fact]
    public async Task A_conversation_keeps_a_bounded_number_of_messages()
    {
        var tenant = await fixture.CreateTenantAsync("ru");
        var admin = await fixture.TokenAsync(tenant);
        var started = await StartAsync(admin, AssistantTests.SeedText);
        await using (var dataSource = NpgsqlDataSource.Create(fixture.Database.PooledApplicationConnectionString()))
        await using (var work = await UnitOfWork.BeginAsync(dataSource, tenant, CancellationToken.None, fixture.Service<IDocumentStore>()))
        {
            var conversation = (await work.Documents.LoadAsync<Conversation>(started.Id))!;
            while (conversation.Messages.Count < Conversation.MaxMessages - 2)
                conversation.Messages.Add(new ConversationMessage { Author = ConversationMessage.User, Text = "не знаю", At = DateTimeOffset.UtcNow });
            work.Documents.UpdateRevision(conversation, conversation.Version + 1);
            await work.CommitAsync();
        }

        Assert.Equal(Conversation.MaxMessages, (await SayAsync(admin, started.Id, "не знаю")).Messages.Count);
        var full = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { message = "не знаю" }).ToUrl($"{Conversations}/{started.Id}/messages");
            s.ProblemShouldBe(HttpStatusCode.Conflict);
        })).ReadProblem();
        Assert.Contains("start a new one", full.Detail);
        Assert.Equal("full", full.Other!["reason"].GetString());
    }
}

using Saas.Engine.Conversation;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Text;
using static Saas.Engine.Tests.Review.ReviewKit;

namespace Saas.Engine.Tests.Conversation;

/// <summary>A conversation started from a plan reviewed after a period: the review's proposals are taken or dropped by
/// number, "why" is answered from the findings, and nothing else changes the plan.</summary>
public class ReviewConversationTests
{
    private static readonly DateOnly Today = new(2026, 12, 5);

    // SQL→deal conversion 15 % in 2026-11 after 16 % in 2026-10, target 20 %: the review raises its weight (proposal 1)
    // and adds a follow-up bonus (proposal 2).
    private static (ConversationState State, ConversationTurn First) Start(Language language, string message)
    {
        var plan = Plan();
        var review = Run(plan, Subject(OnPlan((MetricKeys.CrSqlToWon, 0.15m)), OnPlan((MetricKeys.CrSqlToWon, 0.16m))), language: language);
        var state = ConversationEngine.BeginReview(language, "RUB", Today, Guid.CreateVersion7(), plan, review);
        var turn = ConversationEngine.Reply(state, IntentReader.Read(message, null, Today));
        return (turn.State, turn);
    }

    private static ConversationTurn Say(ConversationState state, string message) =>
        ConversationEngine.Reply(state, IntentReader.Read(message, ConversationEngine.Question(state), Today));

    [Theory]
    [InlineData("разбор за ноябрь", "примени 1", "не применяй 1", "примени все")]
    [InlineData("review last month", "apply 1", "don't apply 1", "apply all")]
    public void Proposals_are_taken_and_dropped_by_number_and_the_revised_plan_follows(string opening, string one, string undo, string all)
    {
        var (state, first) = Start(opening.StartsWith("r", StringComparison.Ordinal) ? Language.En : Language.Ru, opening);
        Assert.Contains("1. ", first.Reply);
        Assert.Contains("2. ", first.Reply);
        Assert.Empty(first.Changes);
        Assert.Null(first.Proposal);
        Assert.Empty(first.Missing);

        var applied = Say(state, one);
        Assert.Equal([1], applied.State.Review!.Accepted);
        Assert.Equal([("funnel", 0.2m, 0.17m), ("revenue", 0.5m, 0.43m), ("sql_to_won", 0.3m, 0.4m)],
            applied.Changes.Where(c => c.Field == "weight").Select(c => (c.Component!, c.Before!.Value, c.After!.Value)).OrderBy(c => c.Item1, StringComparer.Ordinal));
        Assert.All(applied.Changes, c => Assert.Equal("2026-12", c.Period));
        Assert.Equal(0.4m, ((AttainmentComponent)Effective(applied.Revised!, "2026-12", "sql_to_won")).Weight);

        var undone = Say(applied.State, undo);
        Assert.Empty(undone.State.Review!.Accepted);
        Assert.Equal(PlanJson.Serialize(undone.State.Review.Plan), PlanJson.Serialize(undone.Revised!));

        var both = Say(undone.State, all);
        Assert.Equal([1, 2], both.State.Review!.Accepted);
        Assert.Contains(both.Changes, c => (c.Component, c.Change) == ("follow_up_bonus", "added"));
        Assert.Empty(PlanValidator.Validate(both.Revised!));
    }

    [Fact]
    public void Anything_but_taking_proposals_is_refused_and_a_missing_number_is_said()
    {
        var (state, _) = Start(Language.Ru, "разбор");
        var turn = Say(state, "примени 5; подними переменную часть до 50%");
        Assert.Empty(turn.State.Review!.Accepted);
        Assert.Equal(2, turn.Refused.Count);
        Assert.Contains("предложения №5 нет: их 2", turn.Refused[0]);
        Assert.Contains("это разбор плана", turn.Refused[1]);
        Assert.Empty(turn.State.VariableShares);
    }

    [Fact]
    public void Why_is_answered_from_the_findings()
    {
        var (state, _) = Start(Language.Ru, "разбор");
        var turn = Say(state, "почему конверсия SQL?");
        Assert.Contains("не растёт", turn.Reply);
        Assert.Empty(turn.Changes);
    }

    [Fact]
    public void The_state_with_its_review_survives_the_trip_through_json()
    {
        var (state, _) = Start(Language.En, "review");
        var after = Say(state, "apply 2").State;
        var json = System.Text.Json.JsonSerializer.Serialize(after, PlanJson.Options);
        var back = System.Text.Json.JsonSerializer.Deserialize<ConversationState>(json, PlanJson.Options)!;
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(back, PlanJson.Options));
        Assert.Equal(PlanJson.Serialize(after.Review!.Revised()), PlanJson.Serialize(back.Review!.Revised()));
    }
}

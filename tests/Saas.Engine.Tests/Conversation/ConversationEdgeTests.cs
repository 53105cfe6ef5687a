using Saas.Engine.Common;
using Saas.Engine.Conversation;
using Saas.Engine.Plans;

namespace Saas.Engine.Tests.Conversation;

/// <summary>What a careless or ambiguous message must not do: lose a headcount, hide why the proposal is gone, be taken for
/// a skip, or change a plan's length without saying so.</summary>
public class ConversationEdgeTests
{
    [Theory]
    [InlineData("маркетологам ничего не меняй")]
    [InlineData("leave the marketers as they are")]
    public void Naming_a_known_role_without_a_number_keeps_its_headcount(string message)
    {
        var kit = new ConversationKit(ConversationKit.SeedRu);
        kit.Say(message);
        Assert.Equal(2, kit.State.Team.Single(r => r.Role == Role.Marketer).Count);
        Assert.NotNull(kit.Last.Proposal);
        Assert.Empty(kit.Last.Changes);
    }

    [Theory]
    [InlineData("убери маркетологов")]
    [InlineData("remove the marketers")]
    public void Removing_a_role_takes_it_out_of_the_team_and_the_plan(string message)
    {
        var kit = new ConversationKit(ConversationKit.SeedRu);
        kit.Say(message);
        Assert.DoesNotContain(kit.State.Team, r => r.Role == Role.Marketer);
        Assert.Contains("marketer||removed|assignment|||", kit.Changes);
        Assert.DoesNotContain(kit.Last.Proposal!.Document.Assignments, a => a.Role == Role.Marketer);
    }

    [Fact]
    public void When_a_change_leaves_no_proposal_the_reply_says_why()
    {
        var kit = new ConversationKit(ConversationKit.SeedRu);
        kit.Say("нет менеджеров по продажам");
        Assert.Null(kit.Last.Proposal);
        var reason = Assert.Single(kit.Last.Refused);
        Assert.StartsWith("предложения больше нет:", reason);
        Assert.Contains("cr_lead_to_won", reason);
        Assert.Contains(reason, kit.Last.Reply);
    }

    [Theory]
    [InlineData("Далее: подними вес выручки до 60%")]
    [InlineData("не знаю, подними вес выручки до 60%")]
    public void A_skip_word_before_a_request_does_not_make_it_a_skip(string message)
    {
        var kit = new ConversationKit(ConversationKit.SeedRu);
        kit.Say(message);
        Assert.Contains("sales_manager|revenue|changed|weight||0.5|0.6", kit.Changes);
        Assert.DoesNotContain("salary", kit.State.Skipped);
    }

    [Theory]
    [InlineData("пропусти этот вопрос", true)]
    [InlineData("skip it please", true)]
    [InlineData("skip", false)]
    public void A_skip_declines_the_open_question_and_is_refused_when_none_is_open(string message, bool open)
    {
        var kit = new ConversationKit(ConversationKit.SeedRu);
        if (!open)
        {
            kit.Say("оклад 80 тыс");
            kit.Say("бюджет 500 тыс");
            Assert.Null(ConversationEngine.Question(kit.State));
        }
        kit.Say(message);
        if (open)
            Assert.Equal(["salary"], kit.State.Skipped);
        else
            Assert.Contains("пропускать нечего", Assert.Single(kit.Last.Refused));
    }

    [Theory]
    [InlineData("set the cap to 150% for sales managers")]
    [InlineData("потолок 150% менеджерам по продажам")]
    public void A_cap_without_a_kpi_applies_to_every_kpi_paid_by_attainment(string message)
    {
        var kit = new ConversationKit(ConversationKit.SeedRu);
        kit.Say(message);
        Assert.Empty(kit.Last.Refused);
        Assert.All(kit.Of(Role.SalesManager).Components.OfType<IAttainmentTerms>(), c => Assert.Equal(1.5m, c.Cap));
        Assert.NotEmpty(kit.Last.Changes);
        Assert.All(kit.Last.Changes, c => Assert.Equal((Role.SalesManager, "cap", 1.5m), (c.Role!.Value, c.Field!, c.After!.Value)));
        kit.AssertSound();
    }

    [Fact]
    public void A_longer_plan_is_one_change_of_months_not_a_target_per_new_month()
    {
        var kit = new ConversationKit(ConversationKit.SeedRu);
        kit.Say("план на 6 месяцев");
        var months = Assert.Single(kit.Last.Changes, c => c.Field == "periods");
        Assert.Equal((3m, 6m), (months.Before!.Value, months.After!.Value));
        Assert.Contains("2027-01 — 2027-03 → 2027-01 — 2027-06", months.Text);
        Assert.DoesNotContain(kit.Last.Changes, c => c.Period is "2027-04" or "2027-05" or "2027-06");
    }

    [Theory]
    [InlineData("оклад 0")]
    [InlineData("бюджет 0")]
    public void A_zero_amount_is_refused_not_taken(string message)
    {
        var kit = new ConversationKit(ConversationKit.SeedRu);
        var before = kit.State;
        kit.Say(message);
        Assert.Contains("больше нуля", Assert.Single(kit.Last.Refused));
        Assert.Equal(before.Team, kit.State.Team);
        Assert.Equal(before.Numbers, kit.State.Numbers);
    }

    [Fact]
    public void A_refused_target_is_not_also_reported_as_understood()
    {
        var kit = new ConversationKit(ConversationKit.SeedRu);
        kit.Say("цель по CR 250%");
        Assert.NotEmpty(kit.Last.Refused);
        Assert.DoesNotContain("Понял", kit.Last.Reply);
        Assert.Equal(0.2m, kit.State.Goals.Single().Goal.To);
    }

    [Fact]
    public void A_conversation_picked_up_in_a_later_month_plans_from_the_month_after_that()
    {
        var kit = new ConversationKit(ConversationKit.SeedRu);
        Assert.Equal("2027-01", kit.State.FirstPeriod);
        Assert.Same(kit.State, ConversationEngine.On(kit.State, new DateOnly(2026, 12, 31)));
        var later = ConversationEngine.On(kit.State, new DateOnly(2027, 2, 3));
        Assert.Equal("2027-03", later.FirstPeriod);
        Assert.Equal(["2027-03", "2027-04", "2027-05"], ConversationEngine.Propose(later)!.Document.Periods);
    }
}

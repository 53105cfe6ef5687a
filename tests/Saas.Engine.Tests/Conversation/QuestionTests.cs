using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Conversation;
using Saas.Engine.Generation;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Tests.Conversation;

/// <summary>What the assistant asks, in which order, how answers in free text land in the state, and which questions a
/// company may skip.</summary>
public class QuestionTests
{
    private static IReadOnlyList<string> Keys(ConversationKit kit) => kit.Last.Missing.Select(m => m.Key + (m.Blocking ? "!" : "")).ToList();

    /// <summary>The next question is the first missing one, and the reply ends with it.</summary>
    private static void AssertAsks(ConversationKit kit, string key)
    {
        var next = kit.Last.Missing[0];
        Assert.Equal(key, next.Key);
        Assert.Equal(next, ConversationEngine.Question(kit.State));
        Assert.EndsWith(next.Question, kit.Last.Reply);
    }

    [Theory]
    [InlineData("Привет", "Кто в команде и сколько людей в каждой роли?")]
    [InlineData("Hello there", "Who is in the team, and how many in each role?")]
    public void Team_is_asked_first_and_blocks_the_proposal(string message, string question)
    {
        var kit = new ConversationKit(message);
        Assert.Equal(["team!"], Keys(kit));
        Assert.StartsWith(question, kit.Last.Missing[0].Question);
        AssertAsks(kit, "team");
        Assert.Null(kit.Last.Proposal);
    }

    [Theory]
    [InlineData("пропустить")]
    [InlineData("skip")]
    public void Team_cannot_be_skipped(string skip)
    {
        var kit = new ConversationKit("Привет");
        kit.Say(skip);
        Assert.Single(kit.Last.Refused);
        Assert.Empty(kit.State.Skipped);
        Assert.Equal(["team!"], Keys(kit));
    }

    [Theory]
    [InlineData("У нас несколько SDR и два маркетолога", "трое")]
    [InlineData("У нас несколько SDR и два маркетолога", "3")]
    [InlineData("We have several SDRs and two marketers", "three")]
    [InlineData("We have several SDRs and two marketers", "3")]
    public void Role_count_is_asked_when_the_text_gives_no_exact_number(string team, string answer)
    {
        var kit = new ConversationKit(team);
        Assert.Equal(["role_count.sdr!", "salary", "budget"], Keys(kit));
        Assert.Equal(Role.Sdr, kit.Last.Missing[0].Role);
        AssertAsks(kit, "role_count.sdr");
        Assert.Null(kit.Last.Proposal);

        kit.Say(answer);
        Assert.Equal(3, kit.State.Team.Single(r => r.Role == Role.Sdr).Count);
        Assert.Equal(["salary", "budget"], Keys(kit));
        Assert.Equal(3, kit.Last.Proposal!.Roles.Single(r => r.Role == Role.Sdr).Count);
        kit.AssertSound();
    }

    [Theory]
    [InlineData("не знаю")]
    [InlineData("skip")]
    public void Role_count_cannot_be_skipped(string skip)
    {
        var kit = new ConversationKit("У нас несколько SDR и два маркетолога");
        kit.Say(skip);
        Assert.StartsWith(kit.State.Language == Language.Ru ? "без этого план не составить" : "the plan cannot be made without it", Assert.Single(kit.Last.Refused));
        Assert.Empty(kit.State.Skipped);
        Assert.Equal(["role_count.sdr!", "salary", "budget"], Keys(kit));
        Assert.Null(kit.Last.Proposal);
    }

    [Theory]
    [InlineData("У нас три менеджера по продажам. Хотим увеличить выручку за 3 месяца.", "до 12 млн", "Цель «увеличить выручку за 3 месяца»: до какого значения?")]
    [InlineData("We have three sales managers. We want to increase revenue in 3 months.", "to 12M", "The goal \"increase revenue in 3 months\": to what value?")]
    public void Goal_target_is_asked_for_a_goal_without_a_value_to_reach(string first, string answer, string question)
    {
        var kit = new ConversationKit(first);
        Assert.Equal("goal_incomplete", Assert.Single(kit.Last.NotUnderstood).Reason);
        var goal = Assert.Single(kit.State.Goals).Goal;
        Assert.Equal(("revenue", GoalDirection.Increase, (decimal?)null, (decimal?)null, (int?)3), (goal.Metric, goal.Direction, goal.From, goal.To, goal.HorizonMonths));
        Assert.Equal(["goal_target.revenue", "salary", "budget"], Keys(kit));
        Assert.StartsWith(question, kit.Last.Missing[0].Question);
        AssertAsks(kit, "goal_target.revenue");
        // A goal without a value is left out of the proposal until it has one.
        Assert.Empty(kit.State.ToRequest().Goals);
        Assert.NotNull(kit.Last.Proposal);

        kit.Say(answer);
        goal = Assert.Single(kit.State.Goals).Goal;
        Assert.Equal((12_000_000m, (int?)3), (goal.To!.Value, goal.HorizonMonths));
        Assert.Equal(["goal_baseline.revenue", "salary", "budget"], Keys(kit));
        Assert.Equal(12_000_000m, kit.Last.Proposal!.Document.Assignments[0].Overrides.Single(o => o is { Period: "2027-03", Component: "revenue" }).Target * 3);
        kit.AssertSound();
    }

    [Theory]
    [InlineData("У нас три менеджера по продажам. Хотим поднять CR до 20% за 3 месяца.", "12%", "С какого значения начинаем")]
    [InlineData("We have three sales managers. We want to raise CR to 20% in 3 months.", "12%", "Where does it start")]
    [InlineData("We have three sales managers. We want to raise CR to 20% in 3 months.", "0.12", "Where does it start")]
    public void Goal_baseline_is_asked_when_the_goal_does_not_say_where_it_starts(string first, string answer, string question)
    {
        var kit = new ConversationKit(first);
        Assert.Equal(["goal_baseline.cr_lead_to_won", "salary", "budget"], Keys(kit));
        Assert.StartsWith(question, kit.Last.Missing[0].Question);
        AssertAsks(kit, "goal_baseline.cr_lead_to_won");

        kit.Say(answer);
        var goal = Assert.Single(kit.State.Goals).Goal;
        Assert.Equal((0.12m, 0.2m, GoalDirection.Increase), (goal.From!.Value, goal.To!.Value, goal.Direction));
        Assert.Equal(["salary", "budget"], Keys(kit));
        // From 12 % to 20 % in three months: 14.67 %, 17.33 %, 20 %.
        var sales = kit.Of(Role.SalesManager);
        Assert.Equal(0.1467m, ((IAttainmentTerms)sales.Components.Single(c => c.Id == "cr_lead_to_won")).Target);
        Assert.Equal(["2027-02=0.1733", "2027-03=0.2"],
            sales.Overrides.Where(o => o.Component == "cr_lead_to_won").Select(o => $"{o.Period}={ConversationKit.D(o.Target)}"));
    }

    [Theory]
    [InlineData("не знаю")]
    [InlineData("don't know")]
    public void Goal_baseline_may_be_skipped_and_is_not_asked_again(string skip)
    {
        var kit = new ConversationKit("We have three sales managers. We want to raise CR to 20% in 3 months.");
        kit.Say(skip);
        Assert.Equal(["goal_baseline.cr_lead_to_won"], kit.State.Skipped);
        Assert.Equal(["salary", "budget"], Keys(kit));
        Assert.Null(Assert.Single(kit.State.Goals).Goal.From);
    }

    [Theory]
    [InlineData("У нас два маркетолога и три менеджера по продажам.", "маркетологи 80 тыс., менеджеры по продажам 60 тыс.", 80_000, 60_000)]
    [InlineData("We have two marketers and three sales managers.", "marketers 4000, sales managers 3000", 4_000, 3_000)]
    [InlineData("У нас два маркетолога и три менеджера по продажам.", "80 тыс.", 80_000, 80_000)]
    [InlineData("We have two marketers and three sales managers.", "base salary 70000 for everyone", 70_000, 70_000)]
    public void Salary_is_answered_per_role_or_with_one_amount_for_all(string team, string answer, int marketer, int sales)
    {
        var kit = new ConversationKit(team);
        Assert.Equal(["salary", "budget"], Keys(kit));
        AssertAsks(kit, "salary");
        kit.Say(answer);
        Assert.Equal([(decimal)marketer, sales], kit.State.Team.Select(r => r.BaseSalary!.Value));
        Assert.Equal((decimal)marketer, kit.Of(Role.Marketer).BaseSalary);
        Assert.Equal((decimal)sales, kit.Of(Role.SalesManager).BaseSalary);
        Assert.Equal(["budget"], Keys(kit));
        Assert.Contains($"marketer||changed|base_salary||120000|{marketer}", kit.Changes);
        Assert.Contains($"sales_manager||changed|base_salary||100000|{sales}", kit.Changes);
    }

    [Theory]
    [InlineData("We have three sales managers.", "our goal is revenue 10M a month")]
    [InlineData("У нас три менеджера по продажам.", "цель — выручка 10 млн в месяц")]
    public void An_open_salary_question_does_not_take_the_amount_of_a_goal(string team, string goal)
    {
        var kit = new ConversationKit(team);
        AssertAsks(kit, "salary");
        kit.Say(goal);
        Assert.Null(Assert.Single(kit.State.Team).BaseSalary);
        var fact = Assert.Single(kit.State.Goals).Goal;
        Assert.Equal(("revenue", 10_000_000m), (fact.Metric, fact.To!.Value));
        Assert.Equal(["salary", "budget"], Keys(kit));
    }

    [Theory]
    [InlineData("У нас несколько SDR и два маркетолога", "поставь переменную часть 300%", "3", "переменную часть 30%", "переменная часть (маркетолог) — 30")]
    [InlineData("We have several SDRs and two marketers", "set the variable share to 250%", "three", "set the variable share to 30%", "variable share (marketer): 30")]
    public void Variable_share_before_a_proposal_is_checked_and_said(string team, string tooHigh, string count, string share, string said)
    {
        var kit = new ConversationKit(team);
        kit.Say(tooHigh);
        Assert.Single(kit.Last.Refused);
        Assert.Empty(kit.State.VariableShares);
        Assert.Equal(["role_count.sdr!", "salary", "budget"], Keys(kit));

        kit.Say(share);
        Assert.Empty(kit.Last.Refused);
        Assert.Contains(said, kit.Last.Reply.Replace('\u00A0', ' '));
        Assert.Equal([(Role.Marketer, 0.3m)], kit.State.VariableShares.Select(s => (s.Role, s.Share)));

        kit.Say(count);
        Assert.NotNull(kit.Last.Proposal);
        Assert.Equal(0.3m, kit.Of(Role.Marketer).TargetVariablePay.OfBase);
        Assert.Equal(0.3m, kit.Of(Role.Sdr).TargetVariablePay.OfBase);
        kit.AssertSound();
    }

    [Fact]
    public void Salary_of_a_role_the_team_does_not_have_is_refused()
    {
        var kit = new ConversationKit("У нас два маркетолога и три менеджера по продажам.");
        kit.Say("оклад SDR 70 тыс.");
        Assert.StartsWith("в команде нет роли «SDR/MDR", Assert.Single(kit.Last.Refused));
        Assert.All(kit.State.Team, r => Assert.Null(r.BaseSalary));
    }

    [Theory]
    [InlineData("500 тыс", 500_000, "1200", "600")]
    [InlineData("бюджет 2 млн в месяц", 2_000_000, "1200", "2400")]
    [InlineData("budget is 300000", 300_000, "1200", "360")]
    public void Budget_answer_sets_the_cost_per_lead(string answer, int budget, string before, string after)
    {
        var kit = new ConversationKit("У нас два маркетолога и три менеджера по продажам.");
        kit.Say("80 тыс.");
        AssertAsks(kit, "budget");
        kit.Say(answer);
        Assert.Equal(budget, kit.State.Number(ConversationState.Budget));
        Assert.Empty(kit.Last.Missing);
        // The CPL limit is the current CPL (budget ÷ 1 000 leads) plus 20 %.
        Assert.Equal([$"marketer|cpl|changed|target||{before}|{after}"], kit.Changes);
        Assert.Contains("примите предложение", kit.Last.Reply);
    }

    [Theory]
    [InlineData("не знаю")]
    [InlineData("пропустим")]
    [InlineData("skip")]
    [InlineData("no idea")]
    public void Budget_may_be_skipped_and_is_not_asked_again(string skip)
    {
        var kit = new ConversationKit("У нас два маркетолога и три менеджера по продажам.");
        kit.Say("80 тыс.");
        kit.Say(skip);
        Assert.Equal(["budget"], kit.State.Skipped);
        Assert.Empty(kit.Last.Missing);
        Assert.Null(ConversationEngine.Question(kit.State));
        Assert.NotNull(kit.Last.Proposal);
        kit.Say("подними переменную часть");
        Assert.Empty(kit.Last.Missing);
        Assert.DoesNotContain("бюджет", kit.Last.Reply);
    }

    [Fact]
    public void Salary_may_be_skipped_in_a_currency_with_defaults()
    {
        var kit = new ConversationKit("We have two marketers and three sales managers.");
        kit.Say("skip");
        Assert.Equal(["salary"], kit.State.Skipped);
        Assert.Equal(["budget"], Keys(kit));
        Assert.Equal(120_000m, kit.Of(Role.Marketer).BaseSalary);
    }

    [Fact]
    public void Money_defaults_exist_for_rub_usd_and_eur_only()
    {
        Assert.True(Currency.IsKnown("KZT"));
        Assert.False(GenerationDefaults.HasMoneyDefaults("KZT"));
        Assert.True(GenerationDefaults.HasMoneyDefaults("RUB"));
    }

    [Theory]
    [InlineData("У нас два маркетолога и три менеджера по продажам.", "маркетологи 500 тыс., менеджеры по продажам 400 тыс.", "бюджет 2 млн", "средний чек 1 млн")]
    [InlineData("We have two marketers and three sales managers.", "3000", "budget 40000", "average deal size 9000")]
    public void Without_money_defaults_salary_budget_and_average_deal_are_blocking_and_asked_in_turn(string team, string salary, string budget, string deal)
    {
        var kit = new ConversationKit(team, "KZT");
        Assert.Equal(["salary!", "budget!", "average_deal!"], Keys(kit));
        Assert.Null(kit.Last.Proposal);
        kit.Say(salary);
        Assert.Equal(["budget!", "average_deal!"], Keys(kit));
        Assert.Null(kit.Last.Proposal);
        kit.Say(budget);
        Assert.Equal(["average_deal!"], Keys(kit));
        AssertAsks(kit, "average_deal");
        Assert.Null(kit.Last.Proposal);
        kit.Say(deal);
        Assert.Empty(kit.Last.Missing);
        Assert.Equal("KZT", kit.Last.Proposal!.Document.Currency);
        Assert.Equal(kit.State.Number(ConversationState.AverageDeal), kit.State.ToRequest().Economics.AverageDealSize);
        kit.AssertSound();
    }

    [Theory]
    [InlineData("не знаю")]
    [InlineData("skip")]
    public void Without_money_defaults_nothing_can_be_skipped(string skip)
    {
        var kit = new ConversationKit("У нас два маркетолога и три менеджера по продажам.", "KZT");
        kit.Say(skip);
        Assert.Single(kit.Last.Refused);
        Assert.Empty(kit.State.Skipped);
        Assert.Equal(["salary!", "budget!", "average_deal!"], Keys(kit));
        kit.Say("3000");
        kit.Say(skip);
        Assert.Single(kit.Last.Refused);
        Assert.Equal(["budget!", "average_deal!"], Keys(kit));
    }

    [Theory]
    [InlineData("У нас несколько SDR и три менеджера по продажам. Хотим увеличить выручку. Хотим поднять CR до 20% за 3 месяца.")]
    [InlineData("We have several SDRs and three sales managers. We want to increase revenue. We want to raise CR to 20% in 3 months.")]
    public void Questions_come_most_important_first(string first)
    {
        var kit = new ConversationKit(first);
        Assert.Equal(["role_count.sdr!", "goal_target.revenue", "goal_baseline.cr_lead_to_won", "salary", "budget"], Keys(kit));
        AssertAsks(kit, "role_count.sdr");
        kit.Say("2");
        Assert.Equal(["goal_target.revenue", "goal_baseline.cr_lead_to_won", "salary", "budget"], Keys(kit));
        kit.Say("15 млн");
        Assert.Equal(["goal_baseline.revenue", "goal_baseline.cr_lead_to_won", "salary", "budget"], Keys(kit));
        kit.Say("10 млн");
        Assert.Equal(["goal_baseline.cr_lead_to_won", "salary", "budget"], Keys(kit));
        kit.Say("15%");
        Assert.Equal(["salary", "budget"], Keys(kit));
        kit.Say("90000");
        Assert.Equal(["budget"], Keys(kit));
        kit.Say("skip");
        Assert.Empty(kit.Last.Missing);
        var goals = kit.State.Goals.Select(g => g.Goal).ToDictionary(g => g.Metric);
        Assert.Equal((10_000_000m, 15_000_000m), (goals["revenue"].From!.Value, goals["revenue"].To!.Value));
        Assert.Equal((0.15m, 0.2m), (goals["cr_lead_to_won"].From!.Value, goals["cr_lead_to_won"].To!.Value));
        Assert.All(kit.State.Team, r => Assert.Equal(90_000m, r.BaseSalary));
        kit.AssertSound();
    }
}

using System.Text.Json;
using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Engine.Tests.Conversation;

/// <summary>Seed 000 from the first message to a refined proposal: the proposal comes at once (roubles have default
/// salaries), the salaries are answered, then a seasonal change and a variable share; the final document is checked term
/// by term.</summary>
public class SeedWalkTests
{
    /// <summary>Every assignment of the document: its own terms, its components and its overrides, one line each.</summary>
    private static List<string> Render(PlanDocument document)
    {
        var lines = new List<string> { "periods " + string.Join(",", document.Periods), "currency " + document.Currency };
        foreach (var a in document.Assignments)
        {
            lines.Add($"{a.Role!.Value.WireName()} base={ConversationKit.D(a.BaseSalary)} share={ConversationKit.D(a.TargetVariablePay.OfBase)} max={JsonSerializer.Serialize(a.MaxVariablePay, PlanJson.Options)}");
            lines.AddRange(a.Components.Select(c => "  " + JsonSerializer.Serialize(c, c.GetType(), PlanJson.Options)));
            lines.AddRange(a.Overrides.OrderBy(o => o.Period, StringComparer.Ordinal).ThenBy(o => o.Component, StringComparer.Ordinal)
                .Select(o => "  " + JsonSerializer.Serialize(o, PlanJson.Options)));
        }
        return lines;
    }

    [Fact]
    public void Seed_walk_salaries_then_a_seasonal_change_and_a_variable_share()
    {
        var kit = new ConversationKit(ConversationKit.SeedRu);
        Assert.NotNull(kit.Last.Proposal);
        Assert.Equal(["salary", "budget"], kit.Last.Missing.Select(m => m.Key));
        Assert.Contains("Предлагаю план на 2027-01, 2027-02, 2027-03.", kit.Last.Reply);

        kit.Say("маркетологи 100 тыс., SMM-специалист 70 тыс., менеджеры по продажам 90 тыс.");
        Assert.Equal(
        [
            "marketer||changed|base_salary||120000|100000",
            "smm||changed|base_salary||90000|70000",
            "sales_manager||changed|base_salary||100000|90000",
        ], kit.Changes);
        Assert.Equal(["budget"], kit.Last.Missing.Select(m => m.Key));

        kit.Say("в феврале увеличить бонус за конверсию");
        Assert.Equal(
        [
            "sales_manager|revenue|changed|weight|2027-02|0.5|0.43",
            "sales_manager|cr_lead_to_won|changed|weight|2027-02|0.3|0.4",
            "sales_manager|mql_to_sql_shared|changed|weight|2027-02|0.2|0.17",
        ], kit.Changes);

        kit.Say("подними переменную часть менеджерам по продажам до 50%");
        Assert.Equal(["sales_manager||changed|variable_share||0.4|0.5"], kit.Changes);
        Assert.Contains("Премии при 100 % выполнения: 486 000 ₽ → 567 000 ₽ за весь план.", kit.Last.Reply.Replace('\u00A0', ' ').Replace('\u202F', ' '));
        kit.AssertSound();

        Assert.Equal(
        [
            "periods 2027-01,2027-02,2027-03",
            "currency RUB",
            "marketer base=100000 share=0.2 max={\"ofTarget\":2}",
            "  {\"id\":\"mql\",\"metric\":\"mql\",\"target\":100,\"weight\":0.5,\"threshold\":0.8,\"cap\":1.5}",
            "  {\"id\":\"cpl\",\"metric\":\"cpl\",\"target\":1200,\"weight\":0.2,\"threshold\":0.8,\"cap\":1.2}",
            "  {\"id\":\"mql_to_sql_shared\",\"group\":\"marketing_sales\",\"metric\":\"cr_mql_to_sql\",\"target\":0.3,\"weight\":0.3,\"threshold\":0.8,\"cap\":1.2}",
            "  {\"id\":\"mql_growth\",\"label\":\"Рост MQL к прошлому месяцу\",\"metric\":\"mql\",\"measure\":\"percent\",\"minimum\":0,\"bonus\":{\"ofTarget\":0.1}}",
            "smm base=70000 share=0.2 max={\"ofTarget\":2}",
            "  {\"id\":\"mql\",\"metric\":\"mql\",\"target\":100,\"weight\":0.5,\"threshold\":0.8,\"cap\":1.5}",
            "  {\"id\":\"cpl\",\"metric\":\"cpl\",\"target\":1200,\"weight\":0.2,\"threshold\":0.8,\"cap\":1.2}",
            "  {\"id\":\"mql_to_sql_shared\",\"group\":\"marketing_sales\",\"metric\":\"cr_mql_to_sql\",\"target\":0.3,\"weight\":0.3,\"threshold\":0.8,\"cap\":1.2}",
            "  {\"id\":\"mql_growth\",\"label\":\"Рост MQL к прошлому месяцу\",\"metric\":\"mql\",\"measure\":\"percent\",\"minimum\":0,\"bonus\":{\"ofTarget\":0.1}}",
            "sales_manager base=90000 share=0.5 max={\"ofTarget\":2}",
            "  {\"id\":\"revenue\",\"metric\":\"revenue\",\"target\":13891666.67,\"weight\":0.5,\"threshold\":0.8,\"cap\":1.5}",
            "  {\"id\":\"cr_lead_to_won\",\"metric\":\"cr_lead_to_won\",\"target\":0.1667,\"weight\":0.3,\"threshold\":0.8,\"cap\":1.2}",
            "  {\"id\":\"mql_to_sql_shared\",\"group\":\"marketing_sales\",\"metric\":\"cr_mql_to_sql\",\"target\":0.3,\"weight\":0.2,\"threshold\":0.8,\"cap\":1.2}",
            "  {\"id\":\"deals_over_plan\",\"label\":\"Сделки сверх плана\",\"metric\":\"deals_won\",\"target\":56,\"every\":6,\"rate\":0.05,\"maxSteps\":6}",
            "  {\"id\":\"sla_gate\",\"label\":\"Условие: первый ответ в срок (SLA)\",\"metric\":\"first_response_compliance\",\"operator\":\"at_least\",\"value\":0.9,\"factor\":0}",
            "  {\"id\":\"reasons_gate\",\"label\":\"Условие: у каждого отказа есть причина\",\"metric\":\"disqualification_reason_coverage\",\"operator\":\"at_least\",\"value\":1,\"factor\":0}",
            "  {\"period\":\"2027-02\",\"component\":\"cr_lead_to_won\",\"weight\":0.4,\"target\":0.1833}",
            "  {\"period\":\"2027-02\",\"component\":\"deals_over_plan\",\"target\":61}",
            "  {\"period\":\"2027-02\",\"component\":\"mql_to_sql_shared\",\"weight\":0.17}",
            "  {\"period\":\"2027-02\",\"component\":\"revenue\",\"weight\":0.43,\"target\":15275000}",
            "  {\"period\":\"2027-03\",\"component\":\"cr_lead_to_won\",\"target\":0.2}",
            "  {\"period\":\"2027-03\",\"component\":\"deals_over_plan\",\"target\":67}",
            "  {\"period\":\"2027-03\",\"component\":\"revenue\",\"target\":16666666.67}",
        ], Render(kit.Last.Proposal!.Document));

        // The target bonus follows the shares: 100 000 × 20 %, 70 000 × 20 %, 90 000 × 50 %.
        Assert.Equal([20_000m, 14_000m, 45_000m], kit.Last.Proposal.Roles.Select(r => r.TargetVariablePay));
        Assert.Equal(["budget"], kit.Last.Missing.Select(m => m.Key));
    }

    [Fact]
    public void Seed_walk_in_english_gives_the_same_numbers()
    {
        var ru = new ConversationKit(ConversationKit.SeedRu);
        ru.Say("маркетологи 100 тыс., SMM-специалист 70 тыс., менеджеры по продажам 90 тыс.");
        ru.Say("в феврале увеличить бонус за конверсию");
        ru.Say("подними переменную часть менеджерам по продажам до 50%");
        var en = new ConversationKit(ConversationKit.SeedEn);
        en.Say("marketers 100000, SMM specialist 70000, sales managers 90000");
        en.Say("in February raise the conversion bonus");
        en.Say("raise the variable share of sales managers to 50%");
        Assert.Equal(Render(ru.Last.Proposal!.Document).Where(l => !l.Contains("label")).Skip(2),
            Render(en.Last.Proposal!.Document).Where(l => !l.Contains("label")).Skip(2));
    }
}

using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;

namespace Saas.Engine.Conversation;

/// <summary>Something the assistant still needs, most important first. <see cref="Blocking"/>: no proposal without it;
/// otherwise a documented default stands in until it is answered or skipped.</summary>
public sealed record Missing
{
    /// <summary><c>team</c>, <c>role_count</c>, <c>goal_target</c>, <c>goal_baseline</c>, <c>salary</c>, <c>budget</c>, <c>average_deal</c>.</summary>
    public required string Code { get; init; }

    /// <summary>Unique in the conversation (<c>role_count.smm</c>, <c>goal_baseline.cr_lead_to_won</c>): what a skip declines.</summary>
    public required string Key { get; init; }

    public Role? Role { get; init; }
    public string? Metric { get; init; }
    public required bool Blocking { get; init; }

    /// <summary>The question, in the conversation's language, answerable in free text.</summary>
    public required string Question { get; init; }
}

/// <summary>What is missing, in the order it is asked: who is in the team, how many in each role, where each goal should
/// get to and where it starts, then the pay and budget facts the cost rests on.</summary>
public static class Questions
{
    public static IReadOnlyList<Missing> Of(ConversationState state)
    {
        if (state.Review is not null)
            return [];
        var w = new Words(state.Language, state.Currency);
        var moneyDefaults = GenerationDefaults.HasMoneyDefaults(state.Currency);
        var missing = new List<Missing>();
        void Add(string code, string key, bool blocking, string ru, string en, Role? role = null, string? metric = null)
        {
            if (!state.Skipped.Contains(key))
                missing.Add(new Missing { Code = code, Key = key, Role = role, Metric = metric, Blocking = blocking, Question = w.Say(ru, en) });
        }

        if (state.Team.All(r => r.Count is not > 0))
            missing.Add(new Missing
            {
                Code = "team",
                Key = "team",
                Blocking = true,
                Question = w.Say("Кто в команде и сколько людей в каждой роли? Например: «два маркетолога и три менеджера по продажам».",
                    "Who is in the team, and how many in each role? For example: \"two marketers and three sales managers\"."),
            });
        foreach (var role in state.Team.Where(r => r.Count is null))
        {
            // A headcount cannot be skipped: the plan pays people, and a guess would be wrong for someone.
            missing.Add(new Missing
            {
                Code = "role_count",
                Key = $"role_count.{role.Role.WireName()}",
                Role = role.Role,
                Blocking = true,
                Question = w.Say($"Сколько человек в роли «{w.Role(role.Role)}»? Напишите число.", $"How many people are {w.Role(role.Role)}s? Give a number."),
            });
        }
        foreach (var goal in state.Goals.Select(g => g.Goal))
        {
            var name = w.Name(goal.Metric);
            if (goal.To is null)
                Add("goal_target", $"goal_target.{goal.Metric}", false,
                    $"Цель «{goal.Text}»: до какого значения? Например: «{Example(goal.Metric, true)}».",
                    $"The goal \"{goal.Text}\": to what value? For example: \"{Example(goal.Metric, false)}\".", metric: goal.Metric);
            else if (goal.From is null && goal.Direction != Assistant.GoalDirection.Reach)
                Add("goal_baseline", $"goal_baseline.{goal.Metric}", false,
                    $"С какого значения начинаем: какая {name} сейчас? Без него возьму типичное значение.",
                    $"Where does it start: what is the {name} now? Without it I use a typical value.", metric: goal.Metric);
        }
        var team = state.Team.Where(r => r.Count > 0).ToList();
        if (team.Any(r => r.BaseSalary is null) && (!moneyDefaults || team.All(r => r.BaseSalary is null)))
            Add("salary", "salary", !moneyDefaults,
                "Какие оклады в месяц по ролям? Например: «маркетологи 80 тыс., менеджеры 60 тыс.» или одной суммой для всех." +
                    (moneyDefaults ? " Без них посчитаю по типичным окладам." : ""),
                "What are the monthly base salaries by role? For example: \"marketers 4000, sales managers 3000\", or one amount for all." +
                    (moneyDefaults ? " Without them I use typical salaries." : ""));
        if (team.Count > 0 && state.Number(ConversationState.Budget) is null)
            Add("budget", "budget", !moneyDefaults,
                "Какой маркетинговый бюджет в месяц? От него зависят стоимость лида и проверка, хватит ли бюджета на цели." +
                    (moneyDefaults ? " Можно пропустить." : ""),
                "What is the monthly marketing budget? The cost per lead, and whether the goals fit the budget, depend on it." +
                    (moneyDefaults ? " You may skip it." : ""));
        if (team.Count > 0 && !moneyDefaults && state.Number(ConversationState.AverageDeal) is null)
            Add("average_deal", "average_deal", true, "Какой средний чек сделки?", "What is the average deal size?");
        return missing;
    }

    private static string Example(string metric, bool ru) => MetricCatalogue.Get(metric).Unit switch
    {
        MetricUnit.Ratio => ru ? "до 20 %" : "to 20%",
        MetricUnit.Money => ru ? "до 12 млн" : "to 12M",
        _ => ru ? "до 300" : "to 300",
    };
}

using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Conversation;
using Saas.Engine.Generation;
using Saas.Engine.Tests.Generation;

namespace Saas.Engine.Tests.Conversation;

/// <summary>What holds after any conversation: a valid proposal whose weights add up to 1 in every month, the same turn
/// for the same messages, and intents from outside checked before they act.</summary>
public class InvariantTests
{
    public static TheoryData<string, string[]> Sequences => new()
    {
        { ConversationKit.SeedRu, ["в феврале увеличить бонус за конверсию", "в феврале увеличить бонус за конверсию", "подними вес выручки до 80%", "добавь CAC маркетологам", "убери CPL маркетологам"] },
        { ConversationKit.SeedRu, ["добавь ROMI маркетологам", "добавь CAC маркетологам", "подними вес ROMI маркетологам до 90%", "в марте больше веса CAC маркетологам", "убери рост MQL"] },
        { ConversationKit.SeedRu, ["растянуть на 6 месяцев", "в мае увеличить бонус за выручку на 30%", "порог 50% по выручке", "потолок 300% по выручке", "двойной ускоритель по выручке", "цель по CR 25%"] },
        { ConversationKit.SeedEn, ["raise the revenue weight to 90%", "lower the revenue weight to 10%", "in February and March raise the revenue bonus", "remove the SLA gate", "add CAC to the marketers", "spread it over 12 months"] },
        { ConversationKit.SeedEn, ["raise the variable pay", "raise the variable pay", "lower the variable share of marketers by 10%", "in summer raise the revenue bonus", "plan for 9 months", "in summer raise the revenue bonus"] },
        { "У нас два лидогенератора, SDR, три менеджера по продажам и руководитель отдела продаж.", ["лидогенератор работает на бюджете клиента", "добавь SQL лидогенераторам", "подними вес CAC руководителю отдела продаж до 50%", "в декабре увеличить бонус за выручку", "убери SLA у SDR"] },
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Every_proposal_after_any_refinements_is_valid_and_its_weights_add_up_to_one(string first, string[] messages)
    {
        var kit = new ConversationKit(first);
        kit.AssertSound();
        foreach (var message in messages)
        {
            kit.Say(message);
            Assert.NotNull(kit.Last.Proposal);
            kit.AssertSound();
            Assert.DoesNotContain(kit.Last.Proposal!.Warnings, w => w.Code == "adjustment_ignored");
            Assert.True(kit.Last.Changes.Count > 0 || kit.Last.Refused.Count > 0 || kit.Last.NotUnderstood.Count > 0,
                $"'{message}' neither changed, refused nor reported anything: {kit.Last.Reply}");
        }
    }

    [Theory]
    [MemberData(nameof(Sequences))]
    public void The_same_messages_give_the_same_turns(string first, string[] messages)
    {
        static List<string> Run(string first, string[] messages)
        {
            var kit = new ConversationKit(first);
            var turns = new List<string> { GenKit.Json(kit.Last.Proposal!) + kit.Last.Reply };
            foreach (var message in messages)
            {
                kit.Say(message);
                turns.Add(GenKit.Json(kit.Last.Proposal!) + kit.Last.Reply + string.Join("\n", kit.Changes));
            }
            return turns;
        }

        Assert.Equal(Run(first, messages), Run(first, messages));
    }

    [Fact]
    public void A_state_replayed_from_the_middle_gives_the_same_turn()
    {
        var kit = new ConversationKit(ConversationKit.SeedRu);
        kit.Say("в феврале увеличить бонус за конверсию");
        var middle = kit.State;
        var first = ConversationEngine.Reply(middle, IntentReader.Read("добавь CAC маркетологам", ConversationEngine.Question(middle), ConversationKit.Today));
        var second = ConversationEngine.Reply(middle, IntentReader.Read("добавь CAC маркетологам", ConversationEngine.Question(middle), ConversationKit.Today));
        Assert.Equal(GenKit.Json(first.Proposal!), GenKit.Json(second.Proposal!));
        Assert.Equal(first.Reply, second.Reply);
        Assert.Equal(GenKit.Json(first.Proposal!), GenKit.Json(ConversationEngine.Propose(first.State)!));
    }

    // ---- IntentValidator ----

    public static TheoryData<string> Messages => new()
    {
        ConversationKit.SeedRu,
        ConversationKit.SeedEn,
        "У нас несколько SDR и два маркетолога",
        "маркетологи 80 тыс., менеджеры по продажам 60 тыс.",
        "бюджет 2 млн",
        "средний чек 1 млн",
        "план на 4 месяца",
        "подними переменную часть менеджерам по продажам до 50%",
        "lower the variable pay for marketers by 5%",
        "подними вес выручки менеджерам по продажам до 60%",
        "increase the weight of MQL for marketers by 10%",
        "добавь CAC маркетологам",
        "убери рост MQL",
        "remove the SLA gate",
        "порог 70% по выручке",
        "cap revenue at 130%",
        "accelerator x2 on revenue",
        "в феврале увеличить бонус за конверсию",
        "in summer raise the revenue bonus",
        "цель по CR 22%",
        "растянуть на 6 месяцев",
        "лидогенератор работает на бюджете клиента",
        "why is revenue paid this way?",
        "не знаю",
        "подними вес выручки, и добавь ROMI маркетологам",
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void The_validator_accepts_what_the_rule_reader_reads(string message)
    {
        var reading = IntentReader.Read(message, null, ConversationKit.Today);
        Assert.NotEmpty(reading.Intents);
        Assert.Empty(IntentValidator.Errors(reading, message));
    }

    private static readonly TextSpan Whole = new(0, 5, "hello");

    public static TheoryData<string, Intent> Malformed => new()
    {
        { "AddKpi needs a metric", new Intent { Kind = IntentKind.AddKpi, Metric = "reach", Source = Whole } },
        { "Why needs a metric", new Intent { Kind = IntentKind.Why, Source = Whole } },
        { "Weight needs a metric", new Intent { Kind = IntentKind.Weight, Metric = "revenue", Value = 1.2m, Source = Whole } },
        { "Weight needs a metric", new Intent { Kind = IntentKind.Weight, Metric = "revenue", Value = 0.5m, Change = 0.1m, Source = Whole } },
        { "Weight needs a metric", new Intent { Kind = IntentKind.Weight, Metric = "revenue", Source = Whole } },
        { "VariableShare needs exactly one", new Intent { Kind = IntentKind.VariableShare, Value = 2.5m, Source = Whole } },
        { "VariableShare needs exactly one", new Intent { Kind = IntentKind.VariableShare, Source = Whole } },
        { "Team needs a role", new Intent { Kind = IntentKind.Team, Count = 3, Source = Whole } },
        { "Team needs a role", new Intent { Kind = IntentKind.Team, Role = Role.Sdr, Count = 1001, Source = Whole } },
        { "Salary needs a positive amount", new Intent { Kind = IntentKind.Salary, Value = -5m, Source = Whole } },
        { "Budget needs a positive amount", new Intent { Kind = IntentKind.Budget, Source = Whole } },
        { "Ramp needs a count of months", new Intent { Kind = IntentKind.Ramp, Count = 0, Source = Whole } },
        { "Months needs a count of months", new Intent { Kind = IntentKind.Months, Count = 25, Source = Whole } },
        { "Threshold needs a value", new Intent { Kind = IntentKind.Threshold, Metric = "revenue", Value = 4m, Source = Whole } },
        { "Accelerator needs a value", new Intent { Kind = IntentKind.Accelerator, Metric = "likes", Value = 1.5m, Source = Whole } },
        { "Seasonal needs a metric", new Intent { Kind = IntentKind.Seasonal, Metric = "revenue", Change = 0.1m, CalendarMonths = [13], Source = Whole } },
        { "Seasonal needs a metric", new Intent { Kind = IntentKind.Seasonal, Metric = "revenue", Change = 0.6m, CalendarMonths = [2], Source = Whole } },
        { "Seasonal needs a metric", new Intent { Kind = IntentKind.Seasonal, Metric = "revenue", Change = 0.1m, Source = Whole } },
        { "Target needs a metric", new Intent { Kind = IntentKind.Target, Metric = "revenue", Value = -1m, Source = Whole } },
        { "Baseline needs a metric", new Intent { Kind = IntentKind.Baseline, Metric = "reach", Value = 0.1m, Source = Whole } },
        { "Scheme needs a lead-generator scheme", new Intent { Kind = IntentKind.Scheme, Source = Whole } },
        { "Goal needs a goal", new Intent { Kind = IntentKind.Goal, Source = Whole } },
        { "Goal needs a goal", new Intent { Kind = IntentKind.Goal, Goal = GenKit.CrGoal with { Metric = "reach" }, Source = Whole } },
        { "Goal needs a goal", new Intent { Kind = IntentKind.Goal, Goal = GenKit.CrGoal with { HorizonMonths = 61 }, Source = Whole } },
        { "source outside the message", new Intent { Kind = IntentKind.Skip, Source = new TextSpan(3, 10, "lo") } },
        { "unknown kind", new Intent { Kind = (IntentKind)99, Source = Whole } },
        { "unknown role", new Intent { Kind = IntentKind.VariableShare, Role = (Role)99, Value = 0.5m, Source = Whole } },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void The_validator_rejects_malformed_intents(string error, Intent intent)
    {
        var good = new Intent { Kind = IntentKind.Budget, Value = 1000m, Source = Whole };
        var errors = IntentValidator.Errors(new IntentReading([good, intent], []), "hello");
        Assert.Contains("intents[1]: " + error, Assert.Single(errors));
    }

    [Fact]
    public void The_validator_accepts_component_ids_and_well_formed_intents()
    {
        IReadOnlyList<Intent> intents =
        [
            new() { Kind = IntentKind.RemoveKpi, Metric = "sla_gate", Source = Whole },
            new() { Kind = IntentKind.Why, Metric = "mql_growth", Source = Whole },
            new() { Kind = IntentKind.Seasonal, Metric = "revenue", Change = 0.5m, CalendarMonths = [1, 12], Source = Whole },
            new() { Kind = IntentKind.Weight, Metric = "revenue", Change = -0.2m, Source = Whole },
            new() { Kind = IntentKind.Team, Role = Role.Sdr, Count = 0, Source = Whole },
            new() { Kind = IntentKind.Goal, Goal = GenKit.CrGoal, Source = Whole },
            new() { Kind = IntentKind.Scheme, Scheme = LeadGeneratorScheme.OwnBudget, Source = Whole },
            new() { Kind = IntentKind.Accelerator, Value = 3m, Source = Whole },
        ];
        Assert.Empty(IntentValidator.Errors(new IntentReading(intents, []), "hello"));
        Assert.Equal(GoalDirection.Increase, GenKit.CrGoal.Direction);
    }
}

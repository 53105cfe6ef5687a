using Saas.Engine.Assistant;
using Saas.Engine.Text;
using Xunit.Abstractions;

namespace Saas.Engine.Tests.Assistant;

public class TeamCorpusTests(ITestOutputHelper output)
{
    private static readonly DateOnly Today = new(2026, 10, 15);

    public static TheoryData<string, string> Sentences()
    {
        var data = new TheoryData<string, string>();
        foreach (var (text, roles) in TeamCorpus.Sentences)
            data.Add(text, roles);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Reads_every_role_and_its_count(string text, string roles) =>
        Assert.Equal(roles, TeamCorpus.Describe(TeamDescriptionParser.Parse(text, Today).Roles));

    [Fact]
    public void The_corpus_is_large_and_mostly_russian()
    {
        Assert.True(TeamCorpus.Sentences.Length >= 70, $"{TeamCorpus.Sentences.Length} sentences");
        var russian = TeamCorpus.Sentences.Count(s => TeamDescriptionParser.DetectLanguage(s.Text) == Language.Ru);
        Assert.True(russian * 2 >= TeamCorpus.Sentences.Length, $"{russian} of {TeamCorpus.Sentences.Length} in Russian");
        Assert.Equal(TeamCorpus.Sentences.Length, TeamCorpus.Sentences.Select(s => s.Text).Distinct().Count());
    }

    /// <summary>A sentence counts as right only when every role and every count is right, in order.</summary>
    [Fact]
    public void Role_count_accuracy_over_the_corpus_is_at_least_95_percent()
    {
        var failures = TeamCorpus.Sentences
            .Select(s => (s.Text, Expected: s.Roles, Actual: TeamCorpus.Describe(TeamDescriptionParser.Parse(s.Text, Today).Roles)))
            .Where(r => r.Expected != r.Actual)
            .ToList();
        var accuracy = 1m - ((decimal)failures.Count / TeamCorpus.Sentences.Length);
        output.WriteLine($"Role-count accuracy: {TeamCorpus.Sentences.Length - failures.Count}/{TeamCorpus.Sentences.Length} = {accuracy:P1}");
        foreach (var (text, expected, actual) in failures)
            output.WriteLine($"FAIL: {text}\n  expected: {expected}\n  actual:   {actual}");
        Assert.True(accuracy >= 0.95m, $"accuracy {accuracy:P1}; failures:\n" + string.Join('\n', failures.Select(f => f.Text)));
    }

    [Fact]
    public void The_seed_example_in_russian_is_read_completely()
    {
        var result = TeamDescriptionParser.Parse(
            "У нас два маркетолога, один SMM-специалист и три менеджера по продажам. Хотим увеличить CR с 15% до 20% за 3 месяца.",
            Today);

        Assert.Equal(Language.Ru, result.Language);
        Assert.Equal("marketer=2 smm=1 sales_manager=3", TeamCorpus.Describe(result.Roles));
        Assert.Equal(["маркетолога", "SMM-специалист", "менеджера по продажам"], result.Roles.Select(r => r.Text));
        var goal = Assert.Single(result.Goals);
        Assert.Equal(
            new Goal
            {
                Metric = "cr_lead_to_won",
                Direction = GoalDirection.Increase,
                Unit = GoalUnit.Ratio,
                From = 0.15m,
                To = 0.20m,
                HorizonMonths = 3,
                Text = "увеличить CR с 15% до 20% за 3 месяца",
            },
            goal);
        Assert.Empty(result.Unrecognized);
    }

    [Fact]
    public void The_seed_example_in_english_is_read_completely()
    {
        var result = TeamDescriptionParser.Parse(
            "two marketers, one SMM specialist and three sales managers; raise CR from 15% to 20% in 3 months", Today);

        Assert.Equal(Language.En, result.Language);
        Assert.Equal("marketer=2 smm=1 sales_manager=3", TeamCorpus.Describe(result.Roles));
        var goal = Assert.Single(result.Goals);
        Assert.Equal(("cr_lead_to_won", GoalDirection.Increase, GoalUnit.Ratio, 0.15m, 0.20m, 3, (string?)null),
            (goal.Metric, goal.Direction, goal.Unit, goal.From, goal.To, goal.HorizonMonths, goal.Currency));
        Assert.Equal("raise CR from 15% to 20% in 3 months", goal.Text);
        Assert.Empty(result.Unrecognized);
    }

    [Fact]
    public void Mentions_of_one_role_add_up_in_order_of_first_mention()
    {
        var result = TeamDescriptionParser.Parse("два маркетолога, РОП и ещё один маркетолог", Today);
        Assert.Equal("marketer=3 head_of_sales=1", TeamCorpus.Describe(result.Roles));
        Assert.Equal("маркетолога", result.Roles[0].Text);
    }

    [Theory]
    [InlineData("менеджер по продажам", "sales_manager=1")]
    [InlineData("руководитель отдела продаж", "head_of_sales=1")]
    [InlineData("key account manager", "key_account_manager=1")]
    [InlineData("account manager", "key_account_manager=1")]
    [InlineData("performance-маркетолог", "performance_marketer=1")]
    [InlineData("интернет-маркетолог", "marketer=1")]
    [InlineData("контент-маркетолог", "content_marketer=1")]
    [InlineData("менеджер по квалификации лидов", "sdr=1")]
    [InlineData("head of marketing", "head_of_marketing=1")]
    public void The_longest_phrase_wins(string text, string roles) =>
        Assert.Equal(roles, TeamCorpus.Describe(TeamDescriptionParser.Parse(text, Today).Roles));
}

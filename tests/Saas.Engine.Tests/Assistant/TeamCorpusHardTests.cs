using Saas.Engine.Assistant;
using Saas.Engine.Text;
using Xunit.Abstractions;

namespace Saas.Engine.Tests.Assistant;

public class TeamCorpusHardTests(ITestOutputHelper output)
{
    private static readonly DateOnly Today = new(2026, 10, 15);

    public static TheoryData<string, string> Sentences()
    {
        var data = new TheoryData<string, string>();
        foreach (var (text, roles) in TeamCorpusHard.Sentences)
            data.Add(text, roles);
        return data;
    }

    private static string Read(string text) => TeamCorpus.Describe(TeamDescriptionParser.Parse(text, Today).Roles);

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Reads_every_role_and_its_count(string text, string roles) => Assert.Equal(roles, Read(text));

    [Fact]
    public void The_corpus_is_large_distinct_and_new()
    {
        Assert.True(TeamCorpusHard.Sentences.Length >= 150, $"{TeamCorpusHard.Sentences.Length} sentences");
        var texts = TeamCorpusHard.Sentences.Select(s => s.Text).ToList();
        Assert.Equal(texts.Count, texts.Distinct().Count());
        Assert.Empty(texts.Intersect(TeamCorpus.Sentences.Select(s => s.Text)));
        var russian = texts.Count(t => TeamDescriptionParser.DetectLanguage(t) == Language.Ru);
        Assert.True(russian * 4 >= texts.Count * 3, $"{russian} of {texts.Count} in Russian");
    }

    /// <summary>A sentence counts as right only when every role and every count is right, in order.</summary>
    [Fact]
    public void Role_count_accuracy_over_the_hard_corpus_is_at_least_97_percent()
    {
        var failures = TeamCorpusHard.Sentences
            .Select(s => (s.Text, Expected: s.Roles, Actual: Read(s.Text)))
            .Where(r => r.Expected != r.Actual)
            .ToList();
        var accuracy = 1m - ((decimal)failures.Count / TeamCorpusHard.Sentences.Length);
        output.WriteLine($"Role-count accuracy: {TeamCorpusHard.Sentences.Length - failures.Count}/{TeamCorpusHard.Sentences.Length} = {accuracy:P1}");
        foreach (var (text, expected, actual) in failures)
            output.WriteLine($"FAIL: {text}\n  expected: {expected}\n  actual:   {actual}");
        Assert.True(accuracy >= 0.97m, $"accuracy {accuracy:P1}; failures:\n" + string.Join('\n', failures.Select(f => f.Text)));
    }

    [Theory]
    [InlineData("SMM")]
    [InlineData("лидген")]
    [InlineData("таргет")]
    [InlineData("аккаунт в инстаграме")]
    [InlineData("саппорт 24/7")]
    [InlineData("несколько SMM")]
    public void A_word_for_an_activity_is_a_role_only_with_a_number(string text)
    {
        var result = TeamDescriptionParser.Parse(text, Today);
        Assert.Empty(result.Roles);
        Assert.NotEmpty(result.Unrecognized);
        Assert.All(result.Unrecognized, f => Assert.Equal("unknown_words", f.Reason));
    }

    [Fact]
    public void A_word_for_an_activity_next_to_a_role_is_left_unrecognized()
    {
        var result = TeamDescriptionParser.Parse("у нас SMM и таргет ведёт один маркетолог", Today);
        Assert.Equal("marketer=1", TeamCorpus.Describe(result.Roles));
        Assert.Equal(["SMM и таргет ведёт"], result.Unrecognized.Select(f => f.Text));
    }

    [Fact]
    public void List_markers_count_nothing_and_are_not_reported()
    {
        var result = TeamDescriptionParser.Parse("1) маркетолог 2) два SMM-щика 3) РОП", Today);
        Assert.Equal("marketer=1 smm=2 head_of_sales=1", TeamCorpus.Describe(result.Roles));
        Assert.Empty(result.Unrecognized);
    }

    [Fact]
    public void A_word_between_commas_does_not_part_a_count_from_its_role_but_is_still_reported()
    {
        var result = TeamDescriptionParser.Parse("маркетологов у нас, кстати, трое", Today);
        Assert.Equal("marketer=3", TeamCorpus.Describe(result.Roles));
        Assert.Equal(["кстати"], result.Unrecognized.Select(f => f.Text));
    }

    [Fact]
    public void A_noun_before_the_number_makes_it_approximate()
    {
        var result = TeamDescriptionParser.Parse("менеджеров по продажам человек пять", Today);
        Assert.Null(Assert.Single(result.Roles).Count);
        Assert.Equal([("count_not_exact", "менеджеров по продажам человек пять")], result.Unrecognized.Select(f => (f.Reason, f.Text)));
    }

    [Theory]
    [InlineData("SDRов двое", "SDRов")]
    [InlineData("SDR'ов двое", "SDR'ов")]
    [InlineData("двое SDR’ов", "SDR’ов")]
    public void A_russian_ending_written_against_a_latin_abbreviation_is_part_of_the_role(string text, string word)
    {
        var result = TeamDescriptionParser.Parse(text, Today);
        var role = Assert.Single(result.Roles);
        Assert.Equal((2, word), (role.Count, role.Text));
        Assert.Empty(result.Unrecognized);
    }
}

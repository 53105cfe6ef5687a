using Saas.Engine.Assistant;
using Saas.Engine.Text;

namespace Saas.Engine.Tests.Assistant;

/// <summary>Whatever is not understood is reported with its exact UTF-16 position; nothing is guessed.</summary>
public class UnrecognizedTests
{
    private static readonly DateOnly Today = new(2026, 10, 15);

    private static IEnumerable<(string Reason, int Start, int Length, string Text)> Fragments(TeamAndGoals result) =>
        result.Unrecognized.Select(f => (f.Reason, f.Start, f.Length, f.Text));

    [Fact]
    public void Unknown_words_are_reported_with_exact_offsets_and_merged_into_spans()
    {
        const string text = "У нас 2 маркетолога, бухгалтер и 3 менеджера по продажам, а ещё офис в Москве";
        var result = TeamDescriptionParser.Parse(text, Today);

        Assert.Equal("marketer=2 sales_manager=3", TeamCorpus.Describe(result.Roles));
        Assert.Equal([("unknown_words", 21, 9, "бухгалтер"), ("unknown_words", 64, 13, "офис в Москве")], Fragments(result));
    }

    [Fact]
    public void An_inexact_count_is_null_and_reported()
    {
        var result = TeamDescriptionParser.Parse("несколько маркетологов", Today);

        var role = Assert.Single(result.Roles);
        Assert.Null(role.Count);
        Assert.Equal("маркетологов", role.Text);
        Assert.Equal([("count_not_exact", 0, 22, "несколько маркетологов")], Fragments(result));
    }

    [Theory]
    [InlineData("пара SDR", "пара SDR")]
    [InlineData("a few SDRs", "a few SDRs")]
    [InlineData("several account executives", "several account executives")]
    [InlineData("some marketers", "some marketers")]
    [InlineData("маркетологи", "маркетологи")]
    [InlineData("2-3 маркетолога", "2-3 маркетолога")]
    [InlineData("около 5 SDR", "около 5 SDR")]
    [InlineData("SDR: ~3", "SDR: ~3")]
    public void Counts_that_are_not_exact(string text, string fragment)
    {
        var result = TeamDescriptionParser.Parse(text, Today);
        Assert.Null(Assert.Single(result.Roles).Count);
        Assert.Equal([("count_not_exact", text.IndexOf(fragment, StringComparison.Ordinal), fragment.Length, fragment)], Fragments(result));
    }

    [Theory]
    [InlineData("дизайнер")]
    [InlineData("менеджер")]
    [InlineData("специалист")]
    [InlineData("у нас дизайнер и менеджер")]
    [InlineData("designer and manager")]
    [InlineData("2 менеджера")]
    [InlineData("SMM")]
    public void Words_that_name_no_single_role_are_not_guessed(string text)
    {
        var result = TeamDescriptionParser.Parse(text, Today);
        Assert.Empty(result.Roles);
        Assert.All(result.Unrecognized, f => Assert.Equal("unknown_words", f.Reason));
        Assert.NotEmpty(result.Unrecognized);
    }

    [Fact]
    public void Small_words_between_unknown_words_join_one_span()
    {
        var result = TeamDescriptionParser.Parse("у нас дизайнер и менеджер", Today);
        Assert.Equal([("unknown_words", 6, 19, "дизайнер и менеджер")], Fragments(result));
    }

    [Fact]
    public void Short_words_are_not_read_as_typos()
    {
        // "РПО" is one swap from "РОП", "SRD" from "SDR": too short to tell a typo from another word.
        var result = TeamDescriptionParser.Parse("РПО и SRD", Today);
        Assert.Empty(result.Roles);
        Assert.Equal([("unknown_words", 0, 9, "РПО и SRD")], Fragments(result));
    }

    [Fact]
    public void A_team_size_the_counts_explain_is_understood()
    {
        var result = TeamDescriptionParser.Parse("команда из 5 человек: 2 маркетолога и 3 продажника", Today);
        Assert.Empty(result.Unrecognized);
    }

    [Fact]
    public void A_team_size_the_counts_do_not_explain_is_reported()
    {
        var result = TeamDescriptionParser.Parse("в отделе продаж 5 человек", Today);
        Assert.Empty(result.Roles);
        Assert.Equal([("unknown_words", 16, 9, "5 человек")], Fragments(result));
    }

    [Fact]
    public void Offsets_count_utf16_units_around_emoji()
    {
        const string text = "Привет 👋 у нас 2 маркетолога и кот 🐈";
        var result = TeamDescriptionParser.Parse(text, Today);
        Assert.Equal("marketer=2", TeamCorpus.Describe(result.Roles));
        Assert.Equal([("unknown_words", 0, 6, "Привет"), ("unknown_words", 32, 3, "кот")], Fragments(result));
        Assert.All(result.Unrecognized, f => Assert.Equal(f.Text, text.Substring(f.Start, f.Length)));
    }

    [Fact]
    public void A_horizon_without_a_goal_is_an_incomplete_goal()
    {
        var result = TeamDescriptionParser.Parse("2 SDR. За 3 месяца.", Today);
        Assert.Equal([("goal_incomplete", 7, 11, "За 3 месяца")], Fragments(result));
    }

    [Fact]
    public void A_metric_alone_is_an_incomplete_goal()
    {
        var result = TeamDescriptionParser.Parse("нам важна конверсия", Today);
        Assert.Empty(result.Goals);
        Assert.Contains(("goal_incomplete", 10, 9, "конверсия"), Fragments(result));
    }

    [Fact]
    public void Null_and_empty_text_give_an_empty_result()
    {
        foreach (var text in new[] { null, "", "   ", ".,;!" })
        {
            var result = TeamDescriptionParser.Parse(text, Today);
            Assert.Equal(Language.En, result.Language);
            Assert.Empty(result.Roles);
            Assert.Empty(result.Goals);
            Assert.Empty(result.Unrecognized);
        }
    }

    [Fact]
    public void Text_longer_than_the_limit_is_not_parsed()
    {
        var text = "два маркетолога " + new string('я', 4000);
        var result = TeamDescriptionParser.Parse(text, Today);

        Assert.Equal(Language.Ru, result.Language);
        Assert.Empty(result.Roles);
        Assert.Empty(result.Goals);
        var fragment = Assert.Single(result.Unrecognized);
        Assert.Equal(("too_long", 0, text.Length), (fragment.Reason, fragment.Start, fragment.Length));
        Assert.Same(text, fragment.Text);
    }

    [Fact]
    public void The_limit_is_an_option()
    {
        Assert.Equal("too_long", Assert.Single(TeamDescriptionParser.Parse("два маркетолога", Today, new ParserOptions { MaxLength = 10 }).Unrecognized).Reason);
        Assert.Equal("too_long", Assert.Single(TeamDescriptionParser.Parse("x", Today, new ParserOptions { MaxLength = -1 }).Unrecognized).Reason);
        Assert.Equal(4000, ParserOptions.Default.MaxLength);
        var exactly = new string('a', 4000);
        Assert.NotEqual("too_long", Assert.Single(TeamDescriptionParser.Parse(exactly, Today).Unrecognized).Reason);
    }

    [Theory]
    [InlineData("У нас два маркетолога", Language.Ru)]
    [InlineData("two marketers", Language.En)]
    [InlineData("2 SDR и 3 sales managers", Language.En)]
    [InlineData("у нас 2 SDR и 3 менеджера по продажам", Language.Ru)]
    [InlineData("12345", Language.En)]
    public void The_language_is_the_script_most_letters_are_in(string text, Language language) =>
        Assert.Equal(language, TeamDescriptionParser.Parse(text, Today).Language);
}

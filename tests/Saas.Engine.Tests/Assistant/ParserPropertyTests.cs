using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CsCheck;
using Saas.Engine.Assistant;

namespace Saas.Engine.Tests.Assistant;

/// <summary>Whatever the input, the parser returns, returns the same thing twice, and every position it reports is
/// a real substring of the input. The properties run the parser without its public safety net
/// (<c>ParseUnguarded</c>), so that a bug shows as an exception instead of an "unknown" answer.</summary>
public class ParserPropertyTests
{
    private static readonly DateOnly Today = new(2026, 10, 15);

    /// <summary>Words, numbers and symbols the parser reacts to, so that random text goes deep into its passes.</summary>
    private static readonly string[] Vocabulary =
    [
        "маркетолог", "маркетолога", "маркетологов", "SMM", "специалист", "-", "менеджер", "по", "продажам", "РОП", "SDR",
        "sales", "managers", "head", "of", "a", "an", "и", "and", "два", "три", "двое", "двадцать", "один", "несколько",
        "a few", "пара", "около", "2", "3", "15", "1,5", "1.5", "1,500", "30 000", "x", "х", "×", "%", "₽", "$", "€", "млн",
        "тыс", "k", "M", "руб", "р", ".", ",", ":", ";", "(", ")", "→", "->", "увеличить", "снизить", "удвоить", "reach",
        "CR", "конверсия", "из", "лида", "в", "сделку", "SQL", "MQL", "выручка", "CPL", "отток", "пролонгация", "с", "до",
        "на", "by", "from", "to", "за", "месяца", "квартал", "полгода", "до конца года", "в месяц", "per month", "раза",
        "вдвое", "п.п.", "человек", "команда из", "team of", "🚀", "\u0301", "\u00AD", "\uD83D", "\uDE80", "\n", "\t", "'",
        "маркетолгов", "менджера", "DROP TABLE", "--", "0", "99999999999999999999999", "1-2", "2-х", "ёлка",
    ];

    private static readonly Gen<string> Soup = Gen.Select(
        Gen.OneOf(Vocabulary).Array[0, 40],
        Gen.OneOf(" ", " ", " ", "", "-", ", ", "  ", "\u00A0").Array[40],
        (words, gaps) =>
        {
            var text = new StringBuilder();
            for (var i = 0; i < words.Length; i++)
                text.Append(words[i]).Append(gaps[i]);
            return text.ToString();
        });

    /// <summary>Any UTF-16 code units, lone surrogates and control characters included.</summary>
    private static readonly Gen<string> AnyChars = Gen.Char[char.MinValue, char.MaxValue].Array[0, 200].Select(c => new string(c));

    /// <summary>Any code points: letters of every script, emoji, marks.</summary>
    private static readonly Gen<string> AnyRunes = Gen.Int[0, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Array[0, 100]
        .Select(points => string.Concat(points.Select(char.ConvertFromUtf32)));

    private static readonly Gen<string> Inputs = Gen.OneOf(Soup, Gen.String, Gen.String[0, 300], AnyChars, AnyRunes);

    private static void Check(string text)
    {
        var result = TeamDescriptionParser.ParseUnguarded(text, Today);
        var previousEnd = 0;
        foreach (var fragment in result.Unrecognized)
        {
            Assert.InRange(fragment.Start, 0, text.Length);
            Assert.InRange(fragment.Length, 1, text.Length - fragment.Start);
            Assert.Equal(text.Substring(fragment.Start, fragment.Length), fragment.Text);
            Assert.True(fragment.Start >= previousEnd, $"fragments overlap in '{text}'");
            Assert.Contains(fragment.Reason, new[] { "unknown_words", "count_not_exact", "goal_incomplete" });
            previousEnd = fragment.Start + fragment.Length;
        }
        foreach (var role in result.Roles)
        {
            Assert.Contains(role.Text, text, StringComparison.Ordinal);
            Assert.True(role.Count is null or >= 0);
        }
        Assert.Equal(result.Roles.Count, result.Roles.Select(r => r.Role).Distinct().Count());
        foreach (var goal in result.Goals)
        {
            Assert.Contains(goal.Text, text, StringComparison.Ordinal);
            Assert.True(goal.HorizonMonths is null or > 0);
            Assert.True(goal.From is null or >= 0 && goal.To is null or >= 0);
        }
    }

    [Fact]
    public void Never_throws_and_reports_real_substrings() =>
        Inputs.Sample(Check, iter: 3000);

    [Fact]
    public void Never_throws_on_long_text_up_to_the_limit() =>
        Gen.OneOf(
                Soup.Array[50, 150].Select(parts => string.Concat(parts)),
                Gen.String[3500, 4000],
                AnyChars.Array[10, 20].Select(parts => string.Concat(parts)))
            .Select(text => text.Length > 4000 ? text[..4000] : text)
            .Sample(Check, iter: 60);

    [Fact]
    public void The_same_text_gives_the_same_result() =>
        Inputs.Sample(text =>
        {
            var first = JsonSerializer.Serialize(TeamDescriptionParser.Parse(text, Today));
            var second = JsonSerializer.Serialize(TeamDescriptionParser.Parse(text, Today));
            Assert.Equal(first, second);
        }, iter: 500);

    [Fact]
    public void The_public_entry_point_agrees_with_the_unguarded_one() =>
        Soup.Sample(text => Assert.Equal(
            JsonSerializer.Serialize(TeamDescriptionParser.ParseUnguarded(text, Today)),
            JsonSerializer.Serialize(TeamDescriptionParser.Parse(text, Today))), iter: 300);

    [Theory]
    [InlineData(4001)]
    [InlineData(100 * 1024)]
    [InlineData(1024 * 1024)]
    public void Over_long_text_is_refused_quickly(int length)
    {
        var text = string.Concat(Enumerable.Repeat("два маркетолога, ", (length / 17) + 1))[..length];
        var clock = Stopwatch.StartNew();
        var result = TeamDescriptionParser.Parse(text, Today);
        clock.Stop();

        Assert.Equal("too_long", Assert.Single(result.Unrecognized).Reason);
        Assert.Empty(result.Roles);
        Assert.True(clock.ElapsedMilliseconds < 500, $"{clock.ElapsedMilliseconds} ms");
    }

    /// <summary>Inputs at the limit built to be slow for a naive parser: one huge word, one huge number, a wall of
    /// phrases, digit groups and typos.</summary>
    [Theory]
    [InlineData("я")]
    [InlineData("9")]
    [InlineData("маркетолгов ")]
    [InlineData("1 000 ")]
    [InlineData("конверсия из лида в ")]
    [InlineData("увеличить CR с 15% до 20% за 3 месяца и ")]
    [InlineData("два маркетолога, ")]
    [InlineData("x")]
    [InlineData("-")]
    public void Text_at_the_limit_is_parsed_quickly(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, (4000 / unit.Length) + 1))[..4000];
        TeamDescriptionParser.ParseUnguarded(text, Today);
        var clock = Stopwatch.StartNew();
        TeamDescriptionParser.ParseUnguarded(text, Today);
        clock.Stop();
        Check(text);
        Assert.True(clock.ElapsedMilliseconds < 1000, $"{clock.ElapsedMilliseconds} ms");
    }
}

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
}

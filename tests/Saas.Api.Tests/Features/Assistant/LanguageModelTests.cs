using System.Net;
using Alba;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Saas.Api.Features.Assistant;
using Saas.Api.Tests.Infrastructure;
using Saas.Engine.Common;

namespace Saas.Api.Tests.Features.Assistant;

/// <summary>The optional language model only reads: its valid intents are used, and on invalid output, an error or a slow
/// answer the rule-based reader answers instead. The model is a fake that answers canned text per message.</summary>
public class LanguageModelTests(LanguageModelTests.Fixture fixture) : IClassFixture<LanguageModelTests.Fixture>
{
    private const string Conversations = "/api/v1/assistant/conversations";
    private const string Generous = "давайте щедрее к продажникам: переменная часть — половина оклада";

    public sealed class Fixture : ApiFixture
    {
        public CannedChatClient Model { get; } = new();

        protected override Dictionary<string, string?> Settings => new()
        {
            ["Assistant:Model:Endpoint"] = "http://model.invalid/v1",
            ["Assistant:Model:Name"] = "test-model",
            ["Assistant:Model:Timeout"] = "00:00:00.300",
        };

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IChatClient>(Model);
    }

    /// <summary>Answers a message with what <see cref="Answers"/> holds for it, and fails otherwise (as an unreachable model
    /// would), so that the rule-based reader reads every other message.</summary>
    public sealed class CannedChatClient : IChatClient
    {
        public Dictionary<string, Func<CancellationToken, Task<string>>> Answers { get; } = [];

        public List<ChatOptions?> Options { get; } = [];

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            lock (Options)
                Options.Add(options);
            var text = messages.Last().Text;
            var answer = Answers.FirstOrDefault(a => text.EndsWith(a.Key, StringComparison.Ordinal)).Value;
            return answer is null
                ? throw new HttpRequestException("No canned answer.")
                : new ChatResponse(new ChatMessage(ChatRole.Assistant, await answer(cancellationToken)));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private IAlbaHost Host => fixture.Host;

    private async Task<ConversationResponse> SayAsync(string token, Guid id, string message) =>
        (await Host.Scenario(s =>
        {
            s.As(token).Post.Json(new { message }).ToUrl($"{Conversations}/{id}/messages");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        })).ReadAsJson<ConversationResponse>()!;

    private async Task<(string Token, Guid Id)> StartAsync()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync("ru"));
        var started = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { message = AssistantTests.SeedText }).ToUrl(Conversations);
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<ConversationResponse>()!;
        return (admin, started.Id);
    }

    private static Func<CancellationToken, Task<string>> Text(string json) => _ => Task.FromResult(json);

    [Fact]
    public async Task Valid_intents_from_the_model_are_acted_on_and_the_engine_computes_the_numbers()
    {
        fixture.Model.Answers[Generous] = Text("""
            {"intents":[{"kind":"variable_share","quote":"переменная часть — половина оклада","role":"sales_manager","value":0.5}]}
            """);
        var (admin, id) = await StartAsync();

        var reply = await SayAsync(admin, id, Generous);

        Assert.Equal("model", reply.Messages[^1].Reader);
        var change = Assert.Single(reply.Changes);
        Assert.Equal((Role.SalesManager, "variable_share", 0.4m, 0.5m), (change.Role, change.Field!, change.Before!.Value, change.After!.Value));
        Assert.Equal(reply.Proposal!.Roles.Single(r => r.Role == Role.SalesManager).BaseSalary * 0.5m,
            reply.Proposal.Roles.Single(r => r.Role == Role.SalesManager).TargetVariablePay);
        var options = fixture.Model.Options[^1]!;
        Assert.Equal("test-model", options.ModelId);
        Assert.IsType<ChatResponseFormatJson>(options.ResponseFormat);
        Assert.NotNull(((ChatResponseFormatJson)options.ResponseFormat!).Schema);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"intents":[null]}""")]
    [InlineData("""{"intents":[{"kind":"add_kpi","quote":"охват","role":"smm","metric":"reach"}]}""")]
    [InlineData("""{"intents":[{"kind":"variable_share","quote":"x","role":"sales_manager","value":7}]}""")]
    [InlineData("""{"intents":[{"kind":"teleport","quote":"x"}]}""")]
    [InlineData("""{"intents":[{"kind":"weight","quote":"x","role":"sales_manager","metric":"revenue"}]}""")]
    public async Task Invalid_output_is_refused_and_the_rule_reader_answers(string output)
    {
        const string message = "подними переменную часть менеджерам по продажам до 45%";
        fixture.Model.Answers[message] = Text(output);
        var (admin, id) = await StartAsync();

        var reply = await SayAsync(admin, id, message);

        Assert.Equal("rules", reply.Messages[^1].Reader);
        var change = Assert.Single(reply.Changes);
        Assert.Equal(("variable_share", 0.45m), (change.Field!, change.After!.Value));
        Assert.Contains(fixture.Logs.Entries, e => e.Message.Contains("rule-based reader answers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_or_failing_model_is_not_waited_for()
    {
        const string slow = "подними переменную часть маркетологам до 30%";
        const string failing = "подними переменную часть маркетологам до 35%";
        fixture.Model.Answers[slow] = async cancellationToken =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return """{"intents":[]}""";
        };
        fixture.Model.Answers[failing] = _ => throw new HttpRequestException("connection refused");
        var (admin, id) = await StartAsync();

        var started = DateTime.UtcNow;
        var afterSlow = await SayAsync(admin, id, slow);
        // The model may take 0.3 s here; the reply must not wait for its 30.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        Assert.Equal(("rules", 0.3m), (afterSlow.Messages[^1].Reader!, afterSlow.Changes.Single(c => c.Role == Role.Marketer).After!.Value));

        var afterFailure = await SayAsync(admin, id, failing);
        Assert.Equal(("rules", 0.35m), (afterFailure.Messages[^1].Reader!, afterFailure.Changes.Single(c => c.Role == Role.Marketer).After!.Value));
    }

    [Fact]
    public async Task A_message_answered_while_another_was_being_read_sends_the_other_back_with_409()
    {
        const string first = "подними переменную часть маркетологам до 40%";
        var reading = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        fixture.Model.Answers[first] = async cancellationToken =>
        {
            reading.TrySetResult();
            await release.Task.WaitAsync(cancellationToken);
            return """{"intents":[]}""";
        };
        var (admin, id) = await StartAsync();

        var slow = Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { message = first }).ToUrl($"{Conversations}/{id}/messages");
            s.ProblemShouldBe(HttpStatusCode.Conflict);
        });
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var meanwhile = await SayAsync(admin, id, "подними переменную часть менеджерам по продажам до 50%");
        release.TrySetResult();
        var problem = (await slow).ReadProblem();

        Assert.Equal("changed", problem.Other!["reason"].GetString());
        var after = await Host.GetAsJson<ConversationResponse>($"{Conversations}/{id}", admin);
        Assert.Equal(meanwhile.Messages.Count, after.Messages.Count);
        Assert.DoesNotContain(after.Messages, m => m.Text == first);
    }
}

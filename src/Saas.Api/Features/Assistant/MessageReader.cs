using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Saas.Engine.Conversation;

namespace Saas.Api.Features.Assistant;

/// <summary>Turns a message into intents: with the language model when one is configured and answers in time with
/// valid intents, otherwise with the engine's rule-based <see cref="IntentReader"/>. Either way the engine then decides
/// and computes everything, so the model can only change what is understood, never a number.</summary>
public sealed class MessageReader(IOptions<AssistantOptions> options, ILogger<MessageReader> logger, IChatClient? model = null)
{
    public const string Rules = "rules";
    public const string Model = "model";

    public async Task<(IntentReading Reading, string Reader)> ReadAsync(string message, Missing? question, DateOnly today, CancellationToken cancellationToken)
    {
        var settings = options.Value.Model;
        if (model is not null && settings.Enabled)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            try
            {
                var response = await model.GetResponseAsync(ModelPrompt.Messages(message, question), ModelPrompt.Options(settings), timeout.Token);
                var reading = ModelPrompt.Read(response.Text, message);
                var errors = IntentValidator.Errors(reading, message);
                if (errors.Count == 0)
                    return (reading, Model);
                logger.LogWarning("The language model's intents were not valid ({Errors}); the rule-based reader answers.", string.Join("; ", errors));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("The language model did not answer within {Timeout}; the rule-based reader answers.", settings.Timeout);
            }
            catch (Exception e) when (e is JsonException or HttpRequestException or InvalidOperationException or NotSupportedException
                or System.ClientModel.ClientResultException)
            {
                logger.LogWarning(e, "The language model failed; the rule-based reader answers.");
            }
        }
        return (IntentReader.Read(message, question, today), Rules);
    }
}

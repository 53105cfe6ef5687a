using Saas.Engine.Metrics;

namespace Saas.Engine.Conversation;

/// <summary>Checks intents that came from outside the engine (a language model's structured output) before the engine
/// acts on them: every field a kind needs is there and in range, every metric is in the catalogue or names a component
/// the generator makes. One bad intent rejects the whole reading, so a half-understood message never acts in part.</summary>
public static class IntentValidator
{
    /// <summary>Component ids the generator gives its KPIs when the id is not the metric's key.</summary>
    public static IReadOnlySet<string> ComponentIds { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "mql_growth", "deals_over_plan", "sla_gate", "reasons_gate", "mql_to_sql_shared", "leads_paid", "revenue_share" };

    public static IReadOnlyList<string> Errors(IntentReading reading, string message)
    {
        var errors = new List<string>();
        for (var i = 0; i < reading.Intents.Count; i++)
        {
            var intent = reading.Intents[i];
            void Error(string text) => errors.Add($"intents[{i}]: {text}");

            if (!Enum.IsDefined(intent.Kind))
            {
                Error("unknown kind");
                continue;
            }
            if (intent.Role is { } role && !Enum.IsDefined(role))
                Error("unknown role");
            if (intent.Source.Start < 0 || intent.Source.Length < 0 || intent.Source.Start + intent.Source.Length > message.Length)
                Error("source outside the message");
            var metricKnown = intent.Metric is { } metric && (MetricCatalogue.TryGet(metric, out _) || ComponentIds.Contains(metric));
            var needs = intent.Kind switch
            {
                IntentKind.Team => intent.Role is null || intent.Count is < 0 or > 1000 ? "a role and a count from 0 to 1000" : null,
                IntentKind.Goal => intent.Goal is not { } goal || !MetricCatalogue.TryGet(goal.Metric, out _) || goal.To < 0 || goal.From < 0
                    || goal.HorizonMonths is < 1 or > 60 || !Enum.IsDefined(goal.Direction) || !Enum.IsDefined(goal.Unit)
                    ? "a goal on a catalogue metric with non-negative values" : null,
                IntentKind.Baseline or IntentKind.Target => !metricKnown || intent.Value is not >= 0 ? "a metric and a non-negative value" : null,
                IntentKind.Salary or IntentKind.Budget or IntentKind.AverageDeal => intent.Value is not (> 0 and < 1_000_000_000_000m) ? "a positive amount" : null,
                IntentKind.Months or IntentKind.Ramp => intent.Count is not (>= 1 and <= 24) ? "a count of months from 1 to 24" : null,
                IntentKind.VariableShare => intent.Value is null == intent.Change is null || intent.Value is not null and not (> 0 and <= 2) || intent.Change is not null and not (>= -2 and <= 2)
                    ? "exactly one of value (0–2) or change (−2–2)" : null,
                IntentKind.Weight => !metricKnown || intent.Value is null == intent.Change is null || intent.Value is not null and not (> 0 and < 1)
                    || intent.Change is not null and not (> -1 and < 1) ? "a metric and exactly one of value (0–1) or change" : null,
                IntentKind.AddKpi or IntentKind.RemoveKpi or IntentKind.Why => !metricKnown ? "a metric of the catalogue or a component id" : null,
                IntentKind.Threshold or IntentKind.Cap or IntentKind.Accelerator => intent.Value is not (> 0 and <= 3) || intent.Metric is not null && !metricKnown
                    ? "a value from 0 to 3 and, if any, a known metric" : null,
                IntentKind.Seasonal => !metricKnown || intent.Change is not (> 0 and <= 0.5m) || intent.CalendarMonths.Count == 0 || intent.CalendarMonths.Any(m => m is < 1 or > 12)
                    ? "a metric, a change from 0 to 0.5 and calendar months 1–12" : null,
                IntentKind.Scheme => intent.Scheme is not { } scheme || !Enum.IsDefined(scheme) ? "a lead-generator scheme" : null,
                IntentKind.ApplyProposals or IntentKind.DropProposals => intent.Items.Any(n => n is < 1 or > 100) ? "proposal numbers from 1 to 100" : null,
                _ => null,
            };
            if (needs is not null)
                Error($"{intent.Kind} needs {needs}");
        }
        return errors;
    }
}

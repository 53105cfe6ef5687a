using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saas.Engine.Plans;

/// <summary>Limits on a plan's shape, checked before its rules: no null where an object belongs, lengths and counts
/// a plan editor needs (a statement lists every component for every employee), and numbers small enough that payout
/// arithmetic in <see cref="decimal"/> cannot overflow.</summary>
public static class PlanShape
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxIdLength = 100;
    public const int MaxAssignments = 200;
    public const int MaxComponents = 50;
    public const int MaxOverrides = 1000;
    public const int MaxListItems = 50;
    /// <summary>Ten years of months.</summary>
    public const int MaxPeriods = 120;

    /// <summary>Every number in a plan (amounts, targets, rates) stays below this in absolute value.</summary>
    public const decimal MaxNumber = 1_000_000_000_000_000m;

    /// <summary>The errors of the shape; when there are any, the rules are not checked (they assume the shape).</summary>
    public static List<ValidationError> Check(PlanDocument plan)
    {
        var errors = new List<ValidationError>();
        void Error(string path, string code, string message) => errors.Add(new ValidationError(path, code, message));
        void Length(string? value, string path, int max)
        {
            if (value is { Length: var length } && length > max)
                Error(path, "too_long", $"At most {max} characters.");
        }
        void Count<T>(IReadOnlyList<T?>? list, string path, int max)
        {
            if (list is null)
                return;
            if (list.Count > max)
                Error(path, "too_many", $"At most {max} items.");
            for (var i = 0; i < list.Count; i++)
                if (list[i] is null)
                    Error($"{path}[{i}]", "null", "An item cannot be null.");
        }

        Length(plan.Name, "name", MaxNameLength);
        Length(plan.Description, "description", MaxDescriptionLength);
        Count(plan.Periods, "periods", MaxPeriods);
        Count(plan.Assignments, "assignments", MaxAssignments);
        for (var i = 0; i < plan.Assignments.Count; i++)
        {
            if (plan.Assignments[i] is not { } assignment)
                continue;
            var at = $"assignments[{i}]";
            Count(assignment.Components, $"{at}.components", MaxComponents);
            Count(assignment.Overrides, $"{at}.overrides", MaxOverrides);
            for (var j = 0; j < assignment.Components.Count; j++)
            {
                if (assignment.Components[j] is not { } component)
                    continue;
                var c = $"{at}.components[{j}]";
                Length(component.Id, $"{c}.id", MaxIdLength);
                Length(component.Label, $"{c}.label", MaxNameLength);
                var curve = component switch { AttainmentComponent a => a.Curve, TeamComponent t => t.Curve, _ => null };
                Count(curve?.Tiers, $"{c}.curve.tiers", MaxListItems);
                Count(curve?.Points, $"{c}.curve.points", MaxListItems);
                Count(component switch { PerUnitComponent p => p.Tiers, ShareComponent s => s.Tiers, _ => null }, $"{c}.tiers", MaxListItems);
                Count((component as GateComponent)?.AppliesTo ?? (component as MultiplierComponent)?.AppliesTo, $"{c}.appliesTo", MaxComponents);
                Count((component as MultiplierComponent)?.Periods, $"{c}.periods", MaxPeriods);
                if (component is TeamComponent team)
                    Length(team.Group, $"{c}.group", MaxIdLength);
                if (component is ShareComponent { DealRules: { } rules })
                {
                    Count(rules, $"{c}.dealRules", MaxListItems);
                    for (var r = 0; r < rules.Count; r++)
                    {
                        if (rules[r] is not { } rule)
                            continue;
                        Length(rule.Label, $"{c}.dealRules[{r}].label", MaxNameLength);
                        Count(rule.When, $"{c}.dealRules[{r}].when", DealRule.MaxConditions);
                        for (var k = 0; k < rule.When.Count; k++)
                            if (rule.When[k] is { } condition)
                            {
                                Length(condition.Attribute, $"{c}.dealRules[{r}].when[{k}].attribute", MaxIdLength);
                                Count(condition.Values, $"{c}.dealRules[{r}].when[{k}].values", MaxListItems);
                                foreach (var text in condition.Given().Where(v => v.Text is not null))
                                    Length(text.Text, $"{c}.dealRules[{r}].when[{k}]", DealAttributes.MaxTextLength);
                            }
                    }
                }
            }
            for (var j = 0; j < assignment.Overrides.Count; j++)
                if (assignment.Overrides[j]?.Curve is { } overrideCurve)
                {
                    Count(overrideCurve.Tiers, $"{at}.overrides[{j}].curve.tiers", MaxListItems);
                    Count(overrideCurve.Points, $"{at}.overrides[{j}].curve.points", MaxListItems);
                }
        }
        if (errors.Count == 0)
            Numbers(JsonSerializer.SerializeToNode(plan, PlanJson.Options), "", Error);
        return errors;
    }

    private static void Numbers(JsonNode? node, string path, Action<string, string, string> error)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                    Numbers(child, path.Length == 0 ? name : $"{path}.{name}", error);
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    Numbers(array[i], $"{path}[{i}]", error);
                break;
            case JsonValue value when value.TryGetValue<decimal>(out var number) && Math.Abs(number) >= MaxNumber:
                error(path, "too_large", "Numbers in a plan stay below 10^15.");
                break;
        }
    }
}

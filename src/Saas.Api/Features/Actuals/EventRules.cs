using System.Text.Json;
using System.Text.RegularExpressions;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Actuals;

/// <summary>What each event type must carry. Checked item by item, so that one bad event does not cost the batch.</summary>
public static partial class EventRules
{
    public const int MaxText = 200;
    public const int MaxComment = 2000;
    public const string OtherReason = "other";

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,39}$", RegexOptions.CultureInvariant)]
    public static partial Regex SourceName();

    private static readonly HashSet<string> LeadTypes = [.. EventTypes.All.Where(t => t.StartsWith("lead.", StringComparison.Ordinal))];
    private static readonly HashSet<string> AccountTypes = [EventTypes.AccountRenewed, EventTypes.AccountCrossSold, EventTypes.AccountChurned];
    private static readonly HashSet<string> MoneyTypes =
        [EventTypes.DealWon, EventTypes.DealRefunded, EventTypes.AccountRenewed, EventTypes.AccountCrossSold];
    private static readonly HashSet<string> EmployeeTypes =
        [EventTypes.LeadAssigned, EventTypes.LeadFirstResponse, EventTypes.ComplaintRegistered];

    /// <summary>The field errors of one event (JSON names), given the tenant's disqualification reason codes and deal attributes.</summary>
    public static Dictionary<string, string[]> Check(EventInput e, IReadOnlySet<string> reasonCodes, IReadOnlyDictionary<string, DealAttributeType> attributes,
        DateTimeOffset now)
    {
        var errors = new Dictionary<string, List<string>>();
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
                errors[field] = list = [];
            list.Add(message);
        }
        void Text(string field, string? value, int max = MaxText)
        {
            if (value is not null && (value.Length == 0 || value.Length > max))
                Error(field, $"'{field}' must be 1 to {max} characters when given.");
        }

        if (e.Source is null || !SourceName().IsMatch(e.Source))
            Error("source", "'source' names the sending system: 1–40 lower-case letters, digits, '_', '.' or '-' (for example 'amocrm').");
        if (string.IsNullOrEmpty(e.ExternalId) || e.ExternalId.Length > MaxText)
            Error("externalId", $"'externalId' is the event's id in the source system, 1 to {MaxText} characters.");
        if (e.Type is null || !EventTypes.All.Contains(e.Type))
            Error("type", "'type' must be one of " + string.Join(", ", EventTypes.All) + ".");
        if (e.OccurredAt is not { } occurred)
            Error("occurredAt", "'occurredAt' is required (ISO 8601 with an offset).");
        else if (occurred > now.AddDays(1) || occurred.Year < 2000)
            Error("occurredAt", "'occurredAt' must not be in the future or before 2000.");
        Text("leadId", e.LeadId);
        Text("dealId", e.DealId);
        Text("accountId", e.AccountId);
        Text("employeeExternalId", e.EmployeeExternalId);
        Text("channel", e.Channel);
        Text("campaign", e.Campaign);
        Text("hypothesis", e.Hypothesis);
        Text("reasonCode", e.ReasonCode);
        Text("comment", e.Comment, MaxComment);
        if (e.EmployeeId is not null && e.EmployeeExternalId is not null)
            Error("employeeId", "Name the employee by 'employeeId' or by 'employeeExternalId', not both.");
        if (e.Amount is { } amount && (amount < 0 || amount >= 1_000_000_000_000_000m || amount.Scale > 4 && Math.Round(amount, 4) != amount))
            Error("amount", "'amount' must be zero or positive, below 10^15, with at most 4 decimals.");
        if (e.Currency is not null && !Saas.Engine.Common.Currency.IsKnown(e.Currency))
            Error("currency", "'currency' must be an ISO 4217 code such as RUB, USD or EUR.");

        var type = e.Type ?? "";
        var hasEmployee = e.EmployeeId is not null || e.EmployeeExternalId is not null;
        if (LeadTypes.Contains(type) && string.IsNullOrEmpty(e.LeadId))
            Error("leadId", $"'leadId' is required for {type}.");
        if (type == EventTypes.LeadTouch && string.IsNullOrEmpty(e.Channel))
            Error("channel", "'channel' is required for lead.touch: it is what attribution credits.");
        if (EmployeeTypes.Contains(type) && !hasEmployee)
            Error("employeeId", $"{type} needs the employee ('employeeId' or 'employeeExternalId').");
        if (type == EventTypes.LeadDisqualified)
        {
            if (string.IsNullOrEmpty(e.ReasonCode))
                Error("reasonCode", "'reasonCode' is required for lead.disqualified: every disqualified lead has a reason.");
            else if (!reasonCodes.Contains(e.ReasonCode))
                Error("reasonCode", $"'{e.ReasonCode}' is not in the tenant's disqualification reasons: {string.Join(", ", reasonCodes.Order())}.");
            else if (e.ReasonCode == OtherReason && string.IsNullOrWhiteSpace(e.Comment))
                Error("comment", "The reason 'other' needs a 'comment' that says what the reason was.");
        }
        if (type.StartsWith("deal.", StringComparison.Ordinal) && string.IsNullOrEmpty(e.DealId))
            Error("dealId", $"'dealId' is required for {type}.");
        if (AccountTypes.Contains(type) && string.IsNullOrEmpty(e.AccountId))
            Error("accountId", $"'accountId' is required for {type}.");
        if (MoneyTypes.Contains(type))
        {
            if (e.Amount is not > 0)
                Error("amount", $"'amount' (greater than zero) is required for {type}.");
            if (e.Currency is null)
                Error("currency", $"'currency' is required for {type}.");
        }
        if (type == EventTypes.DealWon && !hasEmployee && e.Splits is not { Count: > 0 })
            Error("employeeId", "deal.won needs who closed it: 'employeeId', 'employeeExternalId' or 'splits'.");
        if (e.Splits?.Any(s => s is null) == true || e.Overlays?.Any(o => o is null) == true)
        {
            Error("splits", "'splits' and 'overlays' hold objects, not null.");
            return errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());
        }
        if (e.Splits is { } splits)
        {
            if (type != EventTypes.DealWon)
                Error("splits", "'splits' apply to deal.won only.");
            else if (splits.Count is 0 or > 20 || splits.Any(s => s.Share is not > 0 and not null || s.Share > 1 || s.Share is null)
                || splits.Sum(s => s.Share ?? 0) != 1m)
                Error("splits", "'splits' are 1 to 20 employees with shares above 0 that sum to exactly 1.");
            if (splits.Any(s => (s.EmployeeId is null) == (s.EmployeeExternalId is null)))
                Error("splits", "Each split names its employee by 'employeeId' or 'employeeExternalId'.");
        }
        if (e.Overlays is { } overlays)
        {
            if (type != EventTypes.DealWon)
                Error("overlays", "'overlays' apply to deal.won only.");
            if (overlays.Count > 20 || overlays.Any(o => (o.EmployeeId is null) == (o.EmployeeExternalId is null) || o.Share is not null))
                Error("overlays", "'overlays' are up to 20 employees named by 'employeeId' or 'employeeExternalId', without a share.");
        }
        if (e.Attributes is { } given)
        {
            if (type != EventTypes.DealWon)
                Error("attributes", "'attributes' describe a deal: deal.won only.");
            else if (given.Count > DealAttributes.MaxPerDeal)
                Error("attributes", $"At most {DealAttributes.MaxPerDeal} attributes a deal.");
            else
                foreach (var (key, value) in given)
                {
                    if (DealAttributes.KeyProblem(key) is { } keyProblem)
                        Error("attributes", keyProblem);
                    else if (AttributeProblem(key, value, attributes) is { } problem)
                        Error($"attributes.{key}", problem);
                }
        }
        return errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());
    }

    private static string? AttributeProblem(string key, JsonElement value, IReadOnlyDictionary<string, DealAttributeType> known)
    {
        if (!known.TryGetValue(key, out var type))
            return DealAttributes.Unknown(key, known);
        try
        {
            return DealAttributes.Problem(key, type, value.Deserialize<AttributeValue>());
        }
        catch (JsonException)
        {
            return $"'{key}' is a {DealAttributes.Wire(type)} attribute; give a {DealAttributes.Wire(type)}, or leave the attribute out.";
        }
    }
}

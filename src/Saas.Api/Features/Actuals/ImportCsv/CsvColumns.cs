namespace Saas.Api.Features.Actuals.ImportCsv;

/// <summary>The columns of each kind of file, named as the JSON fields; deal splits, overlays and attributes are JSON-only.</summary>
public static class CsvColumns
{
    public static readonly IReadOnlyDictionary<string, string[]> Known = new Dictionary<string, string[]>
    {
        ["events"] = ["source", "externalId", "type", "occurredAt", "leadId", "dealId", "accountId", "employeeId", "employeeExternalId",
            "channel", "campaign", "hypothesis", "amount", "currency", "reasonCode", "comment"],
        ["spend"] = ["date", "channel", "campaign", "amount", "currency"],
        ["metrics"] = ["employeeId", "metric", "period", "value"],
    };

    public static readonly IReadOnlyDictionary<string, string[]> Required = new Dictionary<string, string[]>
    {
        ["events"] = ["source", "externalId", "type", "occurredAt"],
        ["spend"] = ["date", "channel", "amount", "currency"],
        ["metrics"] = ["employeeId", "metric", "period", "value"],
    };
}

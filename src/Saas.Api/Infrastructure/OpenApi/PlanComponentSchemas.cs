using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Saas.Engine.Plans;
using Saas.Engine.Review;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Saas.Api.Infrastructure.OpenApi;

/// <summary>Documents plan components as the engine reads them: one flat schema per kind with its <c>kind</c>
/// discriminator and a working example, and <c>Component</c> as a <c>oneOf</c> of them, so that a frontend can
/// build a plan editor (and generate a client) from the document alone.</summary>
internal sealed class PlanComponentSchemas : IDocumentFilter
{
    /// <summary>One valid component of every kind, as a plan author would write it. A test checks that each
    /// reads and validates in a plan.</summary>
    public static readonly IReadOnlyDictionary<string, string> Examples = new Dictionary<string, string>
    {
        ["attainment"] = """
            { "kind": "attainment", "id": "sql_to_won", "label": "Конверсия SQL→сделка", "metric": "cr_sql_to_won", "target": 0.2, "weight": 0.6,
              "threshold": 0.8, "cap": 1.5, "curve": { "mode": "marginal", "tiers": [ { "from": 0, "rate": 1 }, { "from": 1, "rate": 1.5 } ] } }
            """,
        ["step"] = """
            { "kind": "step", "id": "sql_slide", "label": "+5 % бонуса за каждые 10 SQL сверх плана", "metric": "sql", "target": 100, "every": 10, "rate": 0.05, "maxSteps": 6 }
            """,
        ["growth"] = """
            { "kind": "growth", "id": "mql_growth", "metric": "mql", "measure": "percent", "minimum": 0.1, "bonus": { "ofTarget": 0.25 } }
            """,
        ["per_unit"] = """
            { "kind": "per_unit", "id": "per_lead", "metric": "leads", "rate": 300, "condition": { "metric": "cpl", "operator": "at_most", "value": 1500 } }
            """,
        ["share"] = """
            { "kind": "share", "id": "revenue_share", "measure": "revenue", "credit": "closed", "tiers": [ { "from": 0, "rate": 0.03 }, { "from": 1, "rate": 0.05 } ],
              "tierMode": "marginal", "tierBasis": "cumulative", "target": 3000000, "maxPayout": { "amount": 150000 } }
            """,
        ["gate"] = """
            { "kind": "gate", "id": "sla", "metric": "first_response_compliance", "operator": "at_least", "value": 0.9, "appliesTo": ["sql_to_won"], "factor": 0 }
            """,
        ["team"] = """
            { "kind": "team", "id": "funnel", "group": "mql_sql_pod", "metric": "cr_mql_to_sql", "target": 0.25, "weight": 0.4 }
            """,
        ["multiplier"] = """
            { "kind": "multiplier", "id": "conversion_kicker", "label": "× 1.2 при конверсии от 25 %", "factor": 1.2,
              "condition": { "metric": "cr_sql_to_won", "operator": "at_least", "value": 0.25 }, "appliesTo": ["sql_to_won"], "maxPayout": { "amount": 20000 } }
            """,
        ["spif"] = """
            { "kind": "spif", "id": "black_friday", "metric": "deals_won", "from": "2026-11-20", "to": "2026-11-30", "target": 5, "bonus": { "amount": 10000 } }
            """,
    };

    /// <summary>A per-deal share's rule, as a plan author would write it in <c>dealRules</c>.</summary>
    public const string DealRuleExample = """
        { "label": "Multi-year contract", "when": [ { "attribute": "contract_months", "operator": "above", "value": 12 } ], "multiplier": 1.5 }
        """;

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null || !schemas.TryGetValue(nameof(Component), out var baseSchema) || baseSchema is not OpenApiSchema componentBase)
            return;

        var kinds = typeof(Component).GetCustomAttributes<JsonDerivedTypeAttribute>().ToList();
        var mapping = new Dictionary<string, OpenApiSchemaReference>();
        foreach (var derived in kinds)
        {
            var kind = (string)derived.TypeDiscriminator!;
            var name = SchemaIds.For(derived.DerivedType);
            if (!schemas.TryGetValue(name, out var found) || found is not OpenApiSchema schema)
                continue;
            // The generator already lists a plain "kind" among the subtype's own properties; this one names its value.
            var properties = new Dictionary<string, IOpenApiSchema>
            {
                ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = new List<JsonNode> { JsonValue.Create(kind) } },
            };
            foreach (var (property, value) in (componentBase.Properties ?? new Dictionary<string, IOpenApiSchema>())
                .Concat(schema.Properties ?? new Dictionary<string, IOpenApiSchema>()).Where(p => p.Key != "kind"))
                properties[property] = value;
            schema.AllOf = null;
            schema.Properties = properties;
            schema.Required = new HashSet<string>(["kind", .. componentBase.Required ?? new HashSet<string>(), .. schema.Required ?? new HashSet<string>()]);
            schema.Examples = Examples.TryGetValue(kind, out var example) ? [JsonNode.Parse(example)!] : null;
            mapping[kind] = new OpenApiSchemaReference(name, document);
        }

        if (schemas.TryGetValue(nameof(DealRule), out var dealRule) && dealRule is OpenApiSchema dealRuleSchema)
            dealRuleSchema.Examples = [JsonNode.Parse(DealRuleExample)!];
        // A condition's optional value is left out rather than null, and OpenAPI 3.0 cannot say "null" as one of a oneOf.
        if (schemas.TryGetValue(nameof(DealCondition), out var condition) && condition is OpenApiSchema { Properties: { } conditionProperties }
            && conditionProperties.TryGetValue("value", out var conditionValue) && conditionValue is OpenApiSchema { OneOf: { } alternatives } valueSchema)
            valueSchema.OneOf = alternatives.Where(a => a.Type is not JsonSchemaType.Null).ToList();

        schemas[nameof(Component)] = new OpenApiSchema
        {
            Description = "One way of earning variable pay, by its kind: " + string.Join(", ", mapping.Keys) + ".",
            OneOf = mapping.Values.Cast<IOpenApiSchema>().ToList(),
            Discriminator = new OpenApiDiscriminator { PropertyName = "kind", Mapping = mapping },
        };
        // PlanJson reads with RespectRequiredConstructorParameters: every parameter of a positional record (Tier,
        // CurvePoint, MetricCondition) must be present, so the document says so.
        foreach (var type in typeof(Component).Assembly.GetExportedTypes().Where(t => t.Namespace == typeof(Component).Namespace))
        {
            if (!schemas.TryGetValue(SchemaIds.For(type), out var found) || found is not OpenApiSchema { Properties: { } properties } schema)
                continue;
            var parameters = type.GetConstructors().MaxBy(c => c.GetParameters().Length)?.GetParameters() ?? [];
            var required = parameters.Where(p => !p.IsOptional && p.Name is not null)
                .Select(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name!)).Where(properties.ContainsKey).ToList();
            if (required.Count > 0)
                schema.Required = new HashSet<string>([.. schema.Required ?? new HashSet<string>(), .. required]);
        }
        if (schemas.TryGetValue(nameof(Assignment), out var assignment) && assignment is OpenApiSchema { Properties: { } assignmentProperties }
            && assignmentProperties.TryGetValue("components", out var components) && components is OpenApiSchema list)
            list.Items = new OpenApiSchemaReference(nameof(Component), document);
        // A review proposal's optional component: OpenAPI 3.0 ignores "nullable" beside a bare $ref and without a
        // type, so it is an object that is one of the kinds (with Component's discriminator), or null. Not allOf
        // Component: a generator reads that as a subtype of Component and drops "kind".
        if (schemas.TryGetValue(SchemaIds.For(typeof(Proposal)), out var proposal) && proposal is OpenApiSchema { Properties: { } proposalProperties }
            && proposalProperties.ContainsKey(AddComponentProperty))
            proposalProperties[AddComponentProperty] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object | JsonSchemaType.Null,
                OneOf = mapping.Values.Cast<IOpenApiSchema>().ToList(),
                Discriminator = new OpenApiDiscriminator { PropertyName = "kind", Mapping = mapping },
            };
    }

    private const string AddComponentProperty = "addComponent";
}

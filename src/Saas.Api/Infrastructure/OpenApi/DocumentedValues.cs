using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Saas.Engine.Common;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Saas.Api.Infrastructure.OpenApi;

/// <summary>The values a string member takes, for the OpenAPI document (<c>enum</c>): those of an engine enum in their wire
/// names (<c>[DocumentedValues(typeof(Department))]</c> → <c>marketing</c>, <c>sales</c>, …), a class's string constants, or listed
/// (<c>[DocumentedValues("invited", "active", "deactivated")]</c>). Members are strings rather than enums where the values are
/// checked with a message of their own or change with the tenant; the document still lists them.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class DocumentedValuesAttribute : Attribute
{
    /// <summary>An enum's members in their wire names, or a class's public string constants (<c>EventTypes</c>).</summary>
    public DocumentedValuesAttribute(Type values) =>
        Values = values.IsEnum
            ? Enum.GetNames(values).Select(WireNames.ToWire).ToArray()
            : values.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => (string)f.GetRawConstantValue()!).ToArray();

    public DocumentedValuesAttribute(params string[] values) => Values = values;

    public IReadOnlyList<string> Values { get; }
}

internal sealed class DocumentedValuesSchemas : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || context.MemberInfo?.GetCustomAttribute<DocumentedValuesAttribute>() is not { } allowed)
            return;
        var target = concrete.Type is { } type && type.HasFlag(JsonSchemaType.Array) && concrete.Items is OpenApiSchema items ? items : concrete;
        target.Enum = allowed.Values.Select(value => (JsonNode)JsonValue.Create(value)).ToList();
    }
}

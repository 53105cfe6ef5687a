using Microsoft.OpenApi;
using Saas.Api.Features.Actuals;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Saas.Api.Infrastructure.OpenApi;

/// <summary>An event's attributes are read as raw JSON, so that a value of the wrong type is that item's error rather than
/// the whole batch's, but what they hold is deal attribute values by key: documented so on that one property, not on every
/// dictionary of JSON the API might ever take.</summary>
internal sealed class EventAttributesSchema : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(EventInput) || schema is not OpenApiSchema { Properties: { } properties } || !properties.ContainsKey("attributes"))
            return;
        properties["attributes"] = new OpenApiSchema
        {
            Description = properties["attributes"].Description,
            Type = JsonSchemaType.Object | JsonSchemaType.Null,
            AdditionalProperties = OpenApiSetup.AttributeValueSchema(),
        };
    }
}

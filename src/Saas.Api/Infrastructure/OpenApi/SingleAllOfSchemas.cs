using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Saas.Api.Infrastructure.OpenApi;

/// <summary>Tidies the <c>allOf</c> wrappers that <c>UseAllOfToExtendReferenceSchemas</c> puts around every reference:
/// a nullable one gets its reference's type (or <c>object</c>) beside its <c>nullable</c> (OpenAPI 3.0 ignores <c>nullable</c> without a
/// type), and one that adds nothing to its single reference becomes the reference itself. Linters (Redocly's
/// <c>nullable-type-sibling</c>, <c>no-illogical-composition-keywords</c>) and client generators read it as meant.</summary>
internal sealed class SingleAllOfSchemas : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var components = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var schema in document.Components?.Schemas?.Values.AsEnumerable() ?? [])
            Visit(schema, components);
        foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var content in (operation.RequestBody?.Content?.Values.AsEnumerable() ?? []).Concat(
                         (operation.Responses?.Values.AsEnumerable() ?? []).SelectMany(response => response.Content?.Values.AsEnumerable() ?? [])))
                if (content is OpenApiMediaType media && media.Schema is not null)
                    media.Schema = Tidy(media.Schema, components);
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
                if (parameter.Schema is not null)
                    parameter.Schema = Tidy(parameter.Schema, components);
        }
    }

    private static IOpenApiSchema Tidy(IOpenApiSchema schema, IDictionary<string, IOpenApiSchema> components)
    {
        if (schema is not OpenApiSchema concrete)
            return schema;
        Visit(concrete, components);
        if (concrete.AllOf is not [var only] || concrete.OneOf is { Count: > 0 } || concrete.AnyOf is { Count: > 0 } || concrete.Properties is { Count: > 0 })
            return schema;
        if (concrete.Type is { } type && type.HasFlag(JsonSchemaType.Null))
        {
            // The referenced schema's own type (a string enum, say), else object (a oneOf of objects).
            var referenced = only is OpenApiSchemaReference { Reference.Id: { } id } && components.TryGetValue(id, out var target) ? target.Type : only.Type;
            var own = referenced is { } t && (t & ~JsonSchemaType.Null) != 0 ? t & ~JsonSchemaType.Null : JsonSchemaType.Object;
            concrete.Type = own | JsonSchemaType.Null;
            return schema;
        }
        return concrete.Type is null && concrete.Default is null && concrete.Examples is not { Count: > 0 } ? only : schema;
    }

    private static void Visit(IOpenApiSchema schema, IDictionary<string, IOpenApiSchema> components)
    {
        if (schema is not OpenApiSchema concrete)
            return;
        if (concrete.Properties is { } properties)
            foreach (var name in properties.Keys.ToList())
                properties[name] = Tidy(properties[name], components);
        if (concrete.Items is not null)
            concrete.Items = Tidy(concrete.Items, components);
        if (concrete.AdditionalProperties is not null)
            concrete.AdditionalProperties = Tidy(concrete.AdditionalProperties, components);
    }
}

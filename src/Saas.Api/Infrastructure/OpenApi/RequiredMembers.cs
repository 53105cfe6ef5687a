using System.Reflection;
using Microsoft.OpenApi;
using Saas.Api.Infrastructure.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Saas.Api.Infrastructure.OpenApi;

/// <summary>Lists a schema's non-nullable members as <c>required</c>: the API always writes them, and a body must send them, so
/// a client generated from the document types them as present (<c>id: string</c>, not <c>id?: string</c>). Nullable members
/// stay optional: a request may leave them out.</summary>
internal sealed class RequiredMembers : ISchemaFilter
{
    private static readonly NullabilityInfoContext Nullability = new();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } concrete || context.Type.IsEnum || context.Type.IsPrimitive)
            return;
        foreach (var member in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = JsonSetup.NameOf(member);
            if (!concrete.Properties.ContainsKey(name) || IsNullable(member))
                continue;
            concrete.Required ??= new HashSet<string>();
            concrete.Required.Add(name);
        }
    }

    private static bool IsNullable(PropertyInfo member) =>
        member.PropertyType.IsValueType
            ? Nullable.GetUnderlyingType(member.PropertyType) is not null
            : Nullability.Create(member).ReadState != NullabilityState.NotNull;
}

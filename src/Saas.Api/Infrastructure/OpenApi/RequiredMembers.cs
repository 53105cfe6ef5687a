using System.Reflection;
using Microsoft.OpenApi;
using Saas.Api.Infrastructure.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Saas.Api.Infrastructure.OpenApi;

/// <summary>Lists a schema's members that must be there as <c>required</c>, so that a client generated from the document types
/// them as present (<c>id: string</c>, not <c>id?: string</c>): the non-nullable parameters of a record's constructor that have no
/// default (every response is such a record, and the API always writes them) and members declared <c>required</c>. A member
/// with a default (a plan component's <c>tierMode</c>, say) or a nullable one stays optional: a request may leave it out.</summary>
internal sealed class RequiredMembers : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } concrete || context.Type.IsEnum || context.Type.IsPrimitive)
            return;
        foreach (var member in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = JsonSetup.NameOf(member);
            if (!concrete.Properties.ContainsKey(name) || IsNullable(member) || !MustBeGiven(member))
                continue;
            concrete.Required ??= new HashSet<string>();
            concrete.Required.Add(name);
        }
    }

    private static bool MustBeGiven(PropertyInfo member) =>
        member.IsDefined(typeof(System.Runtime.CompilerServices.RequiredMemberAttribute), false)
        || member.DeclaringType!.GetConstructors().Any(constructor => constructor.GetParameters()
            .Any(parameter => string.Equals(parameter.Name, member.Name, StringComparison.OrdinalIgnoreCase) && !parameter.HasDefaultValue));

    private static bool IsNullable(PropertyInfo member) =>
        member.PropertyType.IsValueType
            ? Nullable.GetUnderlyingType(member.PropertyType) is not null
            : new NullabilityInfoContext().Create(member).ReadState != NullabilityState.NotNull; // not thread-safe: one per question
}

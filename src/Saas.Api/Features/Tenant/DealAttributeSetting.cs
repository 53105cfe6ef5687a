using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Tenant;

/// <summary>A deal attribute the tenant declares beside the built-in ones (<c>contract_months</c>, <c>product_line</c>,
/// <c>deal_type</c>): its key in <c>deal.won</c> events' <c>attributes</c> and in plans' deal rules, and its type.</summary>
public sealed record DealAttributeSetting(string Key, [property: DocumentedValues(typeof(DealAttributeType))] string Type)
{
    public DealAttributeDefinition ToDefinition() =>
        new(Key, WireNames.TryParse<DealAttributeType>(Type, out var type) ? type : DealAttributeType.Text);
}

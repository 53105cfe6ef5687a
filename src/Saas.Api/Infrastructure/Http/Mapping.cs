using Mapster;

namespace Saas.Api.Infrastructure.Http;

/// <summary>Mapster maps what the database gives (rows, documents) to the API's responses. Each feature registers its
/// mappings in one <see cref="IRegister"/> beside its types; they all live in <see cref="TypeAdapterConfig.GlobalSettings"/>,
/// which <c>Adapt&lt;T&gt;()</c> uses. A destination member without a source is an error, so a renamed member fails the test
/// that compiles every mapping instead of going out empty. Mapping with logic in it (a diff, an audit) stays written by hand.</summary>
public static class Mapping
{
    public static void Configure(TypeAdapterConfig config)
    {
        config.RequireDestinationMemberSource = true;
        // Timestamps are stored UTC; responses carry their offset.
        config.NewConfig<DateTime, DateTimeOffset>().MapWith(value => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)));
        config.Scan(typeof(Mapping).Assembly);
    }

    public static IServiceCollection AddMapping(this IServiceCollection services)
    {
        Configure(TypeAdapterConfig.GlobalSettings);
        return services;
    }
}

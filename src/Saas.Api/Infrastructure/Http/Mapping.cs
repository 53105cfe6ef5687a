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

    // Once a process, compiled at once: re-registering on every host's start (the tests start many in one process) cleared the
    // rules while another host was mapping, and Mapster then compiled and kept a mapping without them (a salary at the wrong
    // scale, seen once in CI).
    private static readonly Lazy<TypeAdapterConfig> Global = new(() =>
    {
        Configure(TypeAdapterConfig.GlobalSettings);
        TypeAdapterConfig.GlobalSettings.Compile();
        return TypeAdapterConfig.GlobalSettings;
    });

    public static IServiceCollection AddMapping(this IServiceCollection services)
    {
        _ = Global.Value;
        return services;
    }
}

using Microsoft.AspNetCore.Http.Features;

namespace Saas.Api.Features.Actuals;

public static class BodyLimit
{
    /// <summary>Bulk endpoints take more than the API-wide limit; set before the body is read.</summary>
    public static void Raise(HttpContext http, long bytes)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = bytes;
    }
}

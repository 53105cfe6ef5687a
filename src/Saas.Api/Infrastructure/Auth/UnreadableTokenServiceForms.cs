using Microsoft.Net.Http.Headers;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>A form the reader refuses (a NUL or other control character, too many or too long values) sent to the token
/// service is the client's <c>invalid_request</c>. OpenIddict reads the form itself and would let the reader's exception
/// escape as a server error.</summary>
public sealed class UnreadableTokenServiceForms(RequestDelegate next)
{
    // Every API request passes here: outside the token service's forms it costs a check, not an async state machine.
    public Task InvokeAsync(HttpContext http) =>
        TokenServicePaths.FamilyOf(http.Request.Path) is not null
        && MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            ? ReadFormFirstAsync(http)
            : next(http);

    private async Task ReadFormFirstAsync(HttpContext http)
    {
        try
        {
            await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !http.RequestAborted.IsCancellationRequested)
        {
            http.Response.Headers.CacheControl = "no-store";
            await Results.Json(new Dictionary<string, string>
            {
                ["error"] = "invalid_request",
                ["error_description"] = "The form could not be read: a value holds a character such as U+0000, or the form is too large.",
            }, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }
        await next(http);
    }
}

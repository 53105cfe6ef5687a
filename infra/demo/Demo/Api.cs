using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Web;

namespace Saas.Demo;

/// <summary>A failure the command reports in one line and stops on (exit code 1).</summary>
public sealed class DemoException(string message) : Exception(message);

/// <summary>The API as its clients see it: JSON over HTTP, a bearer token or an API key, problem details on errors.</summary>
public sealed partial class Api(Uri baseAddress) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromMinutes(5),
    };

    public Uri BaseAddress => baseAddress;

    /// <summary>Who the next requests are sent as: a user session (bearer token, refreshed when old) or an API key.</summary>
    public Session? User { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>A plain bearer token (the partner's), used when no user session is set.</summary>
    public string? Bearer { get; set; }

    /// <summary>Fails with the hint to start the API when nothing answers at the base address.</summary>
    public async Task EnsureReachableAsync()
    {
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await _http.GetAsync("/health/ready", cancel.Token);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new DemoException($"{baseAddress} answers /health/ready with {(int)response.StatusCode}: the API is up but its database is not ready " +
                                        "(see the output of ./infra/dev/run).");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new DemoException($"The API is not reachable at {baseAddress} ({e.Message}). Start it with ./infra/dev/run " +
                                    "(it serves http://localhost:5080), or pass --api <url>.");
        }
    }

    public Task<JsonElement> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, HttpStatusCode.OK);

    public Task<JsonElement> PostAsync(string path, object? body, HttpStatusCode expected = HttpStatusCode.OK, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, body, expected, idempotencyKey);

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, string? idempotencyKey = null)
    {
        var (status, json, text) = await TrySendAsync(method, path, body, idempotencyKey);
        if (status != expected)
            throw new DemoException($"{method} {path} answered {(int)status}: {Problem(text)}");
        return json;
    }

    /// <summary>Sends a request and returns whatever came back, for callers that handle some errors themselves.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Json, string Text)> TrySendAsync(HttpMethod method, string path, object? body,
        string? idempotencyKey = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
                request.Content = JsonContent.Create(body, body.GetType(), options: Json);
            if (User is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await User.AccessTokenAsync(this));
            else if (Bearer is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Bearer);
            else if (ApiKey is not null)
                request.Headers.Add("X-Api-Key", ApiKey);
            if (idempotencyKey is not null)
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request);
            }
            catch (HttpRequestException e)
            {
                throw new DemoException($"{method} {path}: the API stopped answering ({e.Message}). Is ./infra/dev/run still running?");
            }
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync();
                // A rate limit (429) says when to come back; the demo stays far below the limits, but a busy shared API may not.
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 5)
                {
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5);
                    await Task.Delay(wait);
                    continue;
                }
                var json = text.Length > 0 && IsJson(response) ? JsonDocument.Parse(text).RootElement.Clone() : default;
                return (response.StatusCode, json, text);
            }
        }
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type && (type.EndsWith("json", StringComparison.Ordinal) || type.EndsWith("+json", StringComparison.Ordinal));

    /// <summary>The useful part of an RFC 9457 answer: the detail and the field errors.</summary>
    public static string Problem(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var parts = new List<string>();
            if (root.TryGetProperty("title", out var title))
                parts.Add(title.GetString() ?? "");
            if (root.TryGetProperty("detail", out var detail))
                parts.Add(detail.GetString() ?? "");
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                parts.AddRange(errors.EnumerateObject().Select(e => $"{e.Name}: {string.Join(" ", e.Value.EnumerateArray().Select(v => v.GetString()))}"));
            return parts.Count > 0 ? string.Join(" — ", parts) : text;
        }
        catch (JsonException)
        {
            return text.Length > 500 ? text[..500] + "…" : text;
        }
    }

    /// <summary>POST /connect/token, form-encoded (RFC 6749).</summary>
    public async Task<JsonElement> TokenAsync(Dictionary<string, string> form)
    {
        using var response = await _http.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new DemoException($"POST /connect/token ({form["grant_type"]}) answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A partner token with client credentials (README, "Getting a token").</summary>
    public async Task<string> PartnerTokenAsync(string clientId, string secret)
    {
        var tokens = await TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret });
        return tokens.GetProperty("access_token").GetString()!;
    }

    /// <summary>A user signs in the way a frontend makes them: the authorization code flow with PKCE (S256) through the
    /// API's own sign-in page (its antiforgery cookie and hidden fields), then the code exchanged with the verifier.</summary>
    public async Task<Session> SignInAsync(string clientId, string redirectUri, string email, string password)
    {
        using var browser = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
        })
        {
            BaseAddress = baseAddress,
        };
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var authorize = $"/connect/authorize?response_type=code&client_id={Uri.EscapeDataString(clientId)}&redirect_uri={Uri.EscapeDataString(redirectUri)}" +
                        $"&scope=api%20offline_access&state={state}&code_challenge={challenge}&code_challenge_method=S256";
        using var form = await browser.GetAsync(authorize);
        var html = await form.Content.ReadAsStringAsync();
        if (form.StatusCode != HttpStatusCode.OK)
            throw new DemoException($"GET /connect/authorize (client {clientId}) answered {(int)form.StatusCode}: {Problem(html)}");
        var fields = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["email"] = email;
        fields["password"] = password;
        using var signedIn = await browser.PostAsync("/connect/authorize", new FormUrlEncodedContent(fields));
        if (signedIn.StatusCode != HttpStatusCode.Redirect || signedIn.Headers.Location is not { } location)
            throw new DemoException($"Signing in as {email}: POST /connect/authorize answered {(int)signedIn.StatusCode} instead of a redirect.");
        var query = HttpUtility.ParseQueryString(new Uri(location.OriginalString).Query);
        if (query["code"] is not { } code || query["state"] != state)
            throw new DemoException($"Signing in as {email}: redirected without a code or with another state: {location}");
        var tokens = await TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
        });
        return new Session(clientId, tokens.GetProperty("access_token").GetString()!, tokens.GetProperty("refresh_token").GetString()!);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();

    public void Dispose() => _http.Dispose();
}

/// <summary>A signed-in user's tokens; the access token lives 10 minutes, so an older one is refreshed (rotating the
/// refresh token) before it is sent.</summary>
public sealed class Session(string clientId, string accessToken, string refreshToken)
{
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(7);
    private readonly Stopwatch _age = Stopwatch.StartNew();
    private string _access = accessToken;
    private string _refresh = refreshToken;

    public async Task<string> AccessTokenAsync(Api api)
    {
        if (_age.Elapsed > RefreshAfter)
        {
            var tokens = await api.TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = _refresh });
            (_access, _refresh) = (tokens.GetProperty("access_token").GetString()!, tokens.GetProperty("refresh_token").GetString()!);
            _age.Restart();
        }
        return _access;
    }
}

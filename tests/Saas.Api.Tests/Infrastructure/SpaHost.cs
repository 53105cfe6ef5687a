using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>A third-party browser frontend on its own origin, as a partner would build one with nothing but the browser:
/// it reads the discovery document, signs the user in with the authorization code flow and PKCE (S256, from
/// <c>crypto.subtle</c>), exchanges the code with <c>fetch</c>, then reads and writes the API with the access token.
/// Every call crosses origins, so each one works only if the API's CORS answers let it. It writes what it got into
/// <c>#result</c> as JSON.</summary>
public sealed class SpaHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SpaHost(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary><c>http://127.0.0.1:port</c>: another origin than the API's (another port).</summary>
    public string Origin { get; }

    public string RedirectUri => Origin + "/callback";

    public static async Task<SpaHost> StartAsync(string apiBaseAddress, Func<string> clientId)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        IResult Page() => Results.Content(Html.Replace("{{API}}", apiBaseAddress, StringComparison.Ordinal)
            .Replace("{{CLIENT}}", WebUtility.HtmlEncode(clientId()), StringComparison.Ordinal), "text/html; charset=utf-8");
        app.MapGet("/", Page);
        app.MapGet("/callback", Page);
        await app.StartAsync();
        return new SpaHost(app, app.Urls.Single());
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private const string Html = """
        <!doctype html><html><head><meta charset="utf-8"><title>Partner SPA</title></head><body><pre id="result"></pre><script>
        const api = "{{API}}", clientId = "{{CLIENT}}", redirectUri = location.origin + "/callback";
        const b64url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
        const show = value => { document.getElementById("result").textContent = JSON.stringify(value); };
        async function discover() { return (await fetch(api + "/.well-known/openid-configuration")).json(); }
        async function start() {
          const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
          const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
          const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
          sessionStorage.setItem("pkce", JSON.stringify({ verifier, state }));
          const discovery = await discover();
          location.assign(discovery.authorization_endpoint + "?" + new URLSearchParams({ response_type: "code", client_id: clientId,
            redirect_uri: redirectUri, scope: "api openid", state, code_challenge: challenge, code_challenge_method: "S256" }));
        }
        async function callback() {
          const { verifier, state } = JSON.parse(sessionStorage.getItem("pkce"));
          const query = new URLSearchParams(location.search);
          if (query.get("state") !== state) return show({ error: "state mismatch" });
          const discovery = await discover();
          const tokens = await (await fetch(discovery.token_endpoint, { method: "POST", body: new URLSearchParams({ grant_type: "authorization_code",
            client_id: clientId, code: query.get("code"), redirect_uri: redirectUri, code_verifier: verifier }) })).json();
          const auth = { Authorization: "Bearer " + tokens.access_token };
          const tenant = await fetch(api + "/api/v1/tenant", { headers: auth });
          const team = await fetch(api + "/api/v1/teams", { method: "POST", headers: { ...auth, "Content-Type": "application/json" },
            body: JSON.stringify({ name: "Sales", department: "sales" }) });
          show({ iss: query.get("iss"), tenantStatus: tenant.status, tenant: await tenant.json(), teamStatus: team.status,
            teamLocation: team.headers.get("Location"), tenantEtag: tenant.headers.get("ETag") });
        }
        (location.pathname === "/callback" ? callback() : start()).catch(error => show({ error: String(error) }));
        </script></body></html>
        """;
}
